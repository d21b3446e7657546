import type { PlanDecisions } from './plan-decisions.js';
import {
  capexUsdPerMw,
  discountFactors,
  fundsLeases,
  openingIndex,
  siteCapacityMw,
  type PlanInstance,
} from './plan-instance.js';

const HOURS_PER_YEAR = 8760;

function addAt(values: number[] | undefined, index: number, amount: number): void {
  if (values) values[index] = (values[index] ?? 0) + amount;
}

/**
 * The heuristic the MILP is measured against (issue 4): year by year, while the target is not met,
 * take the cheapest thing available — a block at the site with the lowest discounted cost per MW
 * over the rest of the horizon (opening cost included if the site is not open yet), or a lease at
 * its cost per MW over the same years — that every limit and the members' capital still allow.
 * It never looks ahead, so it opens sites for one block and pays for leases it could have built.
 */
export function greedyPlan(instance: PlanInstance): PlanDecisions {
  const { years, blockMw: B, sites, leases, members, limits } = instance;
  const T = years.length;
  const df = discountFactors(instance);
  const tail = (t: number) => df.slice(t).reduce((a, b) => a + b, 0);
  const capacities = sites.map((site) => siteCapacityMw(instance, site));
  const opensIn = capacities.map(openingIndex);
  const blocks = sites.map(() => years.map(() => 0));
  const open = sites.map(() => false);
  const built = sites.map(() => 0);
  const leaseMw = leases.map(() => years.map(() => 0));
  const capexFunding = members.map(() => years.map(() => 0));
  const leaseFunding = members.map(() => years.map(() => 0));
  // Limit usage: per limit, per year (construction, accelerators) or cumulative (grid).
  const used = limits.map(() => years.map(() => 0));
  const capitalLimited = members.length > 0;

  /** What member m can still draw in year t without breaking any later cumulative limit. */
  const headroom = (m: number, t: number): number => {
    const member = members[m];
    if (!member) return 0;
    let available = 0;
    let drawn = 0;
    let room = Infinity;
    for (let u = 0; u < T; u += 1) {
      available += member.capitalUsd[u] ?? 0;
      drawn += (capexFunding[m]?.[u] ?? 0) + (leaseFunding[m]?.[u] ?? 0);
      if (u >= t) room = Math.min(room, available - drawn);
    }
    return Math.max(0, room);
  };
  const fundable = (t: number, forLeases: boolean): number => {
    if (!capitalLimited) return Infinity;
    return members.reduce(
      (sum, member, m) => (forLeases && !fundsLeases(member) ? sum : sum + headroom(m, t)),
      0,
    );
  };
  const draw = (t: number, amount: number, forLeases: boolean): void => {
    if (!capitalLimited) return;
    let left = amount;
    members.forEach((member, m) => {
      if (left <= 0 || (forLeases && !fundsLeases(member))) return;
      const take = Math.min(left, headroom(m, t));
      if (take <= 0) return;
      addAt((forLeases ? leaseFunding : capexFunding)[m], t, take);
      left -= take;
    });
  };

  const limitAllows = (s: number, t: number): boolean => {
    const site = sites[s];
    if (!site) return false;
    return limits.every((limit, i) => {
      if (limit.region !== undefined && limit.region !== site.region) return true;
      const u = used[i] as number[];
      if (limit.kind === 'grid-headroom') {
        for (let v = t; v < T; v += 1) {
          const cap = limit.mw[v];
          if (cap !== undefined && (u[v] as number) + B > cap + 1e-9) return false;
        }
        return true;
      }
      const cap = limit.mw[t];
      const add = limit.kind === 'accelerator-supply' ? B / site.pue : B;
      return cap === undefined || (u[t] as number) + add <= cap + 1e-9;
    });
  };
  const recordLimits = (s: number, t: number): void => {
    const site = sites[s] as (typeof sites)[number];
    limits.forEach((limit, i) => {
      if (limit.region !== undefined && limit.region !== site.region) return;
      const u = used[i] as number[];
      if (limit.kind === 'grid-headroom')
        for (let v = t; v < T; v += 1) u[v] = (u[v] as number) + B;
      else u[t] = (u[t] as number) + (limit.kind === 'accelerator-supply' ? B / site.pue : B);
    });
  };

  let builtTotal = 0;
  for (let t = 0; t < T; t += 1) {
    let need = (instance.targetMw[t] ?? 0) - (instance.existingMw[t] ?? 0) - builtTotal;
    while (need > 1e-9) {
      let best:
        | { kind: 'block'; s: number; perMw: number }
        | { kind: 'lease'; k: number; perMw: number }
        | undefined;
      sites.forEach((site, s) => {
        const cap = capacities[s] as number[];
        const a = opensIn[s];
        if (a === undefined || a > t) return;
        for (let v = t; v < T; v += 1)
          if ((built[s] as number) + B > (cap[v] as number) + 1e-9) return;
        if (!limitAllows(s, t)) return;
        const capex = capexUsdPerMw(site) * B;
        const power = B * instance.loadFactor * HOURS_PER_YEAR * site.powerUsdPerMwh * tail(t);
        const opening = open[s] ? 0 : site.openingCostUsd;
        if (capitalLimited) {
          // The opening is paid in the site's first year a ≤ t; both draws must fit from then on.
          if (opening > 0 && fundable(a, false) < opening) return;
          if (fundable(t, false) < capex + opening) return;
        }
        const perMw = ((df[t] as number) * capex + power + (df[a] as number) * opening) / B;
        if (!best || perMw < best.perMw) best = { kind: 'block', s, perMw };
      });
      leases.forEach((lease, k) => {
        const left = (lease.maxMw[t] ?? 0) - (leaseMw[k]?.[t] ?? 0);
        if (left <= 1e-9 || fundable(t, true) < lease.usdPerMwYear * 1e-3) return;
        const perMw = lease.usdPerMwYear * tail(t);
        if (!best || perMw < best.perMw) best = { kind: 'lease', k, perMw };
      });
      if (!best) break;
      const pick = best as NonNullable<typeof best>;
      if (pick.kind === 'block') {
        const s = pick.s;
        const site = sites[s] as (typeof sites)[number];
        const a = opensIn[s] as number;
        if (!open[s]) {
          open[s] = true;
          draw(a, site.openingCostUsd, false);
        }
        draw(t, capexUsdPerMw(site) * B, false);
        addAt(blocks[s], t, 1);
        built[s] = (built[s] as number) + B;
        builtTotal += B;
        recordLimits(s, t);
        need -= B;
      } else {
        const lease = leases[pick.k] as (typeof leases)[number];
        const left = (lease.maxMw[t] ?? 0) - (leaseMw[pick.k]?.[t] ?? 0);
        const affordable =
          lease.usdPerMwYear > 0 ? fundable(t, true) / lease.usdPerMwYear : Infinity;
        const mw = Math.min(need, left, affordable);
        addAt(leaseMw[pick.k], t, mw);
        draw(t, mw * lease.usdPerMwYear, true);
        need -= mw;
      }
    }
  }
  return { blocks, open, leaseMw, capexFundingUsd: capexFunding, leaseFundingUsd: leaseFunding };
}
