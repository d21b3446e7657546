/**
 * What a plan decides, independent of any solver: the blocks built at each candidate in each year,
 * the sites opened, the MW leased from each offer in each year, and which member's capital pays for
 * capex (with site opening) and for leases in each year. Indexes follow the PlanInstance's arrays.
 */
export interface PlanDecisions {
  /** [site][year]: build blocks energised in that year. */
  blocks: number[][];
  /** [site]: whether the site is opened. */
  open: boolean[];
  /** [lease][year]: MW leased in that year. */
  leaseMw: number[][];
  /** [member][year]: USD of capex and site opening the member pays. */
  capexFundingUsd: number[][];
  /** [member][year]: USD of lease bills the member pays. */
  leaseFundingUsd: number[][];
}
