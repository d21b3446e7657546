import type { PlanInstance, PlanSite } from '../../src/planner/plan-instance.js';

/** A small plan instance with round numbers, for tests whose optimum is known by hand. */
export function planInstance(overrides: Partial<PlanInstance> = {}): PlanInstance {
  const years = overrides.years ?? [2026, 2027, 2028, 2029];
  return {
    program: 'test',
    asOf: '2026-01-01',
    years,
    blockMw: 100,
    discountRate: 0,
    shortfallPenaltyUsdPerMwYear: 1e9,
    loadFactor: 0,
    sites: [],
    leases: [],
    members: [],
    limits: [],
    decisions: [],
    targetMw: years.map(() => 100),
    existingMw: years.map(() => 0),
    ...overrides,
  };
}

/** A candidate site with 1 GW available from the first year, costing $10M per MW, no opening cost. */
export function planSite(id: string, overrides: Partial<PlanSite> = {}): PlanSite {
  return {
    id,
    site: `${id}-site`,
    region: 'ERCOT',
    developer: undefined,
    powerMw: [1000, 1000, 1000, 1000],
    openingCostUsd: 0,
    facilityCapexUsdPerMw: 10e6,
    itCapexUsdPerMw: 0,
    powerUsdPerMwh: 0,
    pue: 1.25,
    buildMonths: 12,
    ...overrides,
  };
}
