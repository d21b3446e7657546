import type { PlanDecisions } from './plan-decisions.js';
import {
  capexUsdPerMw,
  discountFactors,
  fundsLeases,
  openingIndex,
  siteCapacityMw,
  type PlanInstance,
} from './plan-instance.js';

export interface CapacityYear {
  year: number;
  targetMw: number;
  existingMw: number;
  builtMw: number;
  leasedMw: number;
  totalMw: number;
  shortfallMw: number;
}

export interface SpendYear {
  year: number;
  capexUsd: number;
  openingUsd: number;
  leaseUsd: number;
  /** The power bill of what is built (paid from operations, not from members' capital). */
  powerUsd: number;
  /** Capital drawn from each member that year (capex, opening and leases). */
  byMember: Record<string, number>;
}

export interface PlanCost {
  capexUsd: number;
  openingUsd: number;
  powerUsd: number;
  leaseUsd: number;
  penaltyUsd: number;
  /** The objective: all of the above, discounted to the first plan year. */
  totalUsd: number;
}

export interface PlanEvaluation {
  capacity: CapacityYear[];
  spend: SpendYear[];
  /** Discounted. */
  cost: PlanCost;
  shortfallMwYears: number;
  /** Every constraint the decisions break, named; empty for a sound plan. */
  violations: string[];
}

const HOURS_PER_YEAR = 8760;

function exceeds(value: number, limit: number): boolean {
  return value > limit + 1e-6 * Math.max(1, Math.abs(limit));
}

/**
 * Re-evaluate a plan from its decisions and the instance alone — not from the solver's rows — so
 * that it checks the model as much as the plan: capacity path, shortfall, spend, the discounted
 * cost (the objective) and every constraint the plan must satisfy.
 */
export function evaluatePlan(instance: PlanInstance, decisions: PlanDecisions): PlanEvaluation {
  const { years, blockMw } = instance;
  const T = years.length;
  const df = discountFactors(instance);
  const violations: string[] = [];
  const builtPerYear = years.map(() => 0);
  const itPerYear = years.map(() => 0);
  const spend: SpendYear[] = years.map((year) => ({
    year,
    capexUsd: 0,
    openingUsd: 0,
    leaseUsd: 0,
    powerUsd: 0,
    byMember: {},
  }));
  const cost: PlanCost = {
    capexUsd: 0,
    openingUsd: 0,
    powerUsd: 0,
    leaseUsd: 0,
    penaltyUsd: 0,
    totalUsd: 0,
  };
  const builtBySiteYear: number[][] = [];

  instance.sites.forEach((site, s) => {
    const blocks = decisions.blocks[s] ?? [];
    const capacity = siteCapacityMw(instance, site);
    const open = decisions.open[s] === true;
    let cumulative = 0;
    const built = years.map(() => 0);
    for (let t = 0; t < T; t += 1) {
      const b = blocks[t] ?? 0;
      if (b < 0 || !Number.isInteger(b))
        violations.push(`${site.id} ${years[t]}: ${b} blocks is not a whole number ≥ 0`);
      const mw = b * blockMw;
      cumulative += mw;
      built[t] = mw;
      if (exceeds(cumulative, capacity[t] ?? 0))
        violations.push(
          `${site.id} ${years[t]}: ${cumulative} MW built exceeds the ${capacity[t]} MW that can be energised`,
        );
      if (mw > 0 && !open) violations.push(`${site.id} ${years[t]}: builds at a site not opened`);
      builtPerYear[t] = (builtPerYear[t] as number) + mw;
      itPerYear[t] = (itPerYear[t] as number) + mw / site.pue;
      const capex = mw * capexUsdPerMw(site);
      (spend[t] as SpendYear).capexUsd += capex;
      cost.capexUsd += capex * (df[t] as number);
      // A block energised in year t draws power from then to the end of the horizon.
      for (let u = t; u < T; u += 1) {
        const power = mw * instance.loadFactor * HOURS_PER_YEAR * site.powerUsdPerMwh;
        (spend[u] as SpendYear).powerUsd += power;
        cost.powerUsd += power * (df[u] as number);
      }
    }
    if (open) {
      const t = openingIndex(capacity);
      if (t === undefined)
        violations.push(`${site.id}: opened, but nothing can be energised there`);
      else {
        (spend[t] as SpendYear).openingUsd += site.openingCostUsd;
        cost.openingUsd += site.openingCostUsd * (df[t] as number);
      }
    }
    builtBySiteYear.push(built);
  });

  const leasedPerYear = years.map(() => 0);
  instance.leases.forEach((lease, k) => {
    for (let t = 0; t < T; t += 1) {
      const mw = decisions.leaseMw[k]?.[t] ?? 0;
      if (mw < -1e-9) violations.push(`${lease.id} ${years[t]}: negative lease ${mw} MW`);
      if (exceeds(mw, lease.maxMw[t] ?? 0))
        violations.push(
          `${lease.id} ${years[t]}: leases ${mw} MW of the ${lease.maxMw[t]} MW offered`,
        );
      leasedPerYear[t] = (leasedPerYear[t] as number) + mw;
      const bill = mw * lease.usdPerMwYear;
      (spend[t] as SpendYear).leaseUsd += bill;
      cost.leaseUsd += bill * (df[t] as number);
    }
  });

  for (const limit of instance.limits) {
    let cumulative = 0;
    for (let t = 0; t < T; t += 1) {
      const inScope = (region: string) => limit.region === undefined || region === limit.region;
      const mwThisYear = instance.sites.reduce(
        (sum, site, s) => (inScope(site.region) ? sum + (builtBySiteYear[s]?.[t] ?? 0) : sum),
        0,
      );
      cumulative += mwThisYear;
      const cap = limit.mw[t];
      if (cap === undefined) continue;
      const used =
        limit.kind === 'grid-headroom'
          ? cumulative
          : limit.kind === 'construction'
            ? mwThisYear
            : instance.sites.reduce(
                (sum, site, s) =>
                  inScope(site.region) ? sum + (builtBySiteYear[s]?.[t] ?? 0) / site.pue : sum,
                0,
              );
      if (exceeds(used, cap))
        violations.push(
          `${limit.id} ${years[t]}: ${used.toFixed(1)} MW exceeds the ${limit.kind} limit of ${cap} MW`,
        );
    }
  }

  // Capital: each year's capex and lease bills are paid by members; a member never draws more, in
  // total up to any year, than it has made available up to that year (unspent capital carries over).
  if (instance.members.length > 0) {
    for (let t = 0; t < T; t += 1) {
      const year = spend[t] as SpendYear;
      let capexPaid = 0;
      let leasePaid = 0;
      instance.members.forEach((member, m) => {
        const c = decisions.capexFundingUsd[m]?.[t] ?? 0;
        const l = decisions.leaseFundingUsd[m]?.[t] ?? 0;
        if (c < -1e-6 || l < -1e-6)
          violations.push(`${member.party} ${years[t]}: negative funding`);
        if (l > 1e-6 && !fundsLeases(member))
          violations.push(`${member.party} ${years[t]}: an investor-only member pays lease bills`);
        capexPaid += c;
        leasePaid += l;
        if (c + l > 0) year.byMember[member.party] = c + l;
      });
      const capexDue = year.capexUsd + year.openingUsd;
      if (Math.abs(capexPaid - capexDue) > 1e-6 * Math.max(1, capexDue) + 1)
        violations.push(
          `${years[t]}: members pay ${capexPaid} USD of ${capexDue} USD capex and opening`,
        );
      if (Math.abs(leasePaid - year.leaseUsd) > 1e-6 * Math.max(1, year.leaseUsd) + 1)
        violations.push(
          `${years[t]}: members pay ${leasePaid} USD of ${year.leaseUsd} USD of leases`,
        );
    }
    instance.members.forEach((member, m) => {
      let available = 0;
      let drawn = 0;
      for (let t = 0; t < T; t += 1) {
        available += member.capitalUsd[t] ?? 0;
        drawn +=
          (decisions.capexFundingUsd[m]?.[t] ?? 0) + (decisions.leaseFundingUsd[m]?.[t] ?? 0);
        if (exceeds(drawn, available))
          violations.push(
            `${member.party} ${years[t]}: draws ${drawn} USD by then, more than the ${available} USD committed`,
          );
      }
    });
  }

  let builtCumulative = 0;
  let shortfallMwYears = 0;
  const capacity: CapacityYear[] = years.map((year, t) => {
    builtCumulative += builtPerYear[t] as number;
    const existingMw = instance.existingMw[t] ?? 0;
    const leasedMw = leasedPerYear[t] as number;
    const totalMw = existingMw + builtCumulative + leasedMw;
    const targetMw = instance.targetMw[t] ?? 0;
    const shortfallMw = Math.max(0, targetMw - totalMw);
    shortfallMwYears += shortfallMw;
    const penalty = shortfallMw * instance.shortfallPenaltyUsdPerMwYear;
    cost.penaltyUsd += penalty * (df[t] as number);
    return { year, targetMw, existingMw, builtMw: builtCumulative, leasedMw, totalMw, shortfallMw };
  });
  cost.totalUsd = cost.capexUsd + cost.openingUsd + cost.powerUsd + cost.leaseUsd + cost.penaltyUsd;
  return { capacity, spend, cost, shortfallMwYears, violations };
}
