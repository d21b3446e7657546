/**
 * The build-out MILP (issue 4). In words, with years t, candidate sites s, lease offers k and
 * members m; block size B MW; d_t = 1/(1+r)^t; money in USD millions inside the model.
 *
 * Variables
 *   b[s,t] ∈ ℤ≥0   blocks energised at s in year t (only where s can take capacity that year)
 *   o[s]   ∈ {0,1} site s opened
 *   l[k,t] ≥ 0     MW leased from k in year t (≤ the MW offered)
 *   u[t]   ≥ 0     shortfall against the target in year t (elastic target: always feasible)
 *   c[m,t], f[m,t] ≥ 0  capital member m pays in year t for capex+opening, and for leases
 *
 * Minimise Σ d_t·(capex_s·B·b[s,t] + power cost of b[s,t] from t to the horizon)
 *        + Σ d_{a(s)}·opening_s·o[s] + Σ d_t·price_k·l[k,t] + Σ d_t·penalty·u[t]
 * where a(s) is s's first year with capacity (when the opening cost is paid).
 *
 * Subject to
 *   link      Σ_t b[s,t] ≤ maxBlocks_s·o[s]                 (ONE row per site: a prototype found
 *             this 5–14× faster at S = 1,000–3,000 than one row per site and year, same optima)
 *   ramp      Σ_{τ≤t} b[s,τ]·B ≤ cap[s,t]                   (only years where cap is below its final value)
 *   construction  Σ_{s in scope} B·b[s,t] ≤ L_t             (per year; overall or one region)
 *   grid      Σ_{s in region} Σ_{τ≤t} B·b[s,τ] ≤ H_t        (cumulative headroom)
 *   accelerators  Σ_s (B/PUE_s)·b[s,t] ≤ A_t                (IT MW deliverable per year)
 *   target    existing_t + Σ_s Σ_{τ≤t} B·b[s,τ] + Σ_k l[k,t] + u[t] ≥ target_t
 *   capex     Σ_s capex_s·B·b[s,t] + Σ_{s: a(s)=t} opening_s·o[s] = Σ_m c[m,t]
 *   leases    Σ_k price_k·l[k,t] = Σ_{m builder} f[m,t]
 *   capital   Σ_{τ≤t} (c[m,τ] + f[m,τ]) ≤ Σ_{τ≤t} capital[m,τ]  (unspent capital carries over)
 * With no capital commitments at all, capital is not limited (and the last three rows go).
 */
import { MilpModelBuilder, type MilpModel } from './milp-model.js';
import type { PlanDecisions } from './plan-decisions.js';
import {
  capexUsdPerMw,
  discountFactors,
  fundsLeases,
  openingIndex,
  siteCapacityMw,
  type PlanInstance,
} from './plan-instance.js';

/** Model money is in USD millions: keeps coefficients near 1–10⁵ for the solver's tolerances. */
export const USD_PER_MODEL_UNIT = 1e6;
const HOURS_PER_YEAR = 8760;

/** Where each decision lives among the model's columns (-1: no column, the decision is 0). */
export interface PlanLayout {
  sites: number;
  years: number;
  block: Int32Array;
  open: Int32Array;
  lease: Int32Array;
  shortfall: Int32Array;
  capexFunding: Int32Array;
  leaseFunding: Int32Array;
}

export interface PlanModel {
  model: MilpModel;
  layout: PlanLayout;
}

export function buildPlanModel(instance: PlanInstance): PlanModel {
  const { years, blockMw: B, sites, leases, members } = instance;
  const T = years.length;
  const S = sites.length;
  const df = discountFactors(instance);
  const mb = new MilpModelBuilder();
  const scale = 1 / USD_PER_MODEL_UNIT;
  const layout: PlanLayout = {
    sites: S,
    years: T,
    block: new Int32Array(S * T).fill(-1),
    open: new Int32Array(S).fill(-1),
    lease: new Int32Array(leases.length * T).fill(-1),
    shortfall: new Int32Array(T).fill(-1),
    capexFunding: new Int32Array(members.length * T).fill(-1),
    leaseFunding: new Int32Array(members.length * T).fill(-1),
  };

  // Columns: blocks and openings.
  const capacities = sites.map((site) => siteCapacityMw(instance, site));
  const opensIn: (number | undefined)[] = capacities.map(openingIndex);
  sites.forEach((site, s) => {
    const cap = capacities[s] as number[];
    const capex = capexUsdPerMw(site) * B;
    const powerPerYear = B * instance.loadFactor * HOURS_PER_YEAR * site.powerUsdPerMwh;
    let powerTail = 0; // Σ_{u ≥ t} d_u · power, filled from the last year back
    const tails = new Array<number>(T);
    for (let t = T - 1; t >= 0; t -= 1) {
      powerTail += (df[t] as number) * powerPerYear;
      tails[t] = powerTail;
    }
    const a = opensIn[s];
    if (a === undefined || Math.floor((cap[T - 1] as number) / B + 1e-9) <= 0) return;
    for (let t = 0; t < T; t += 1) {
      const maxBlocks = Math.floor((cap[t] as number) / B + 1e-9);
      if (maxBlocks <= 0) continue;
      layout.block[s * T + t] = mb.addColumn({
        cost: ((df[t] as number) * capex + (tails[t] as number)) * scale,
        lower: 0,
        upper: maxBlocks,
        integer: true,
      });
    }
    layout.open[s] = mb.addColumn({
      cost: (df[a] as number) * site.openingCostUsd * scale,
      lower: 0,
      upper: 1,
      integer: true,
    });
  });
  leases.forEach((lease, k) => {
    for (let t = 0; t < T; t += 1) {
      const max = lease.maxMw[t] ?? 0;
      if (max <= 0) continue;
      layout.lease[k * T + t] = mb.addColumn({
        cost: (df[t] as number) * lease.usdPerMwYear * scale,
        lower: 0,
        upper: max,
      });
    }
  });
  for (let t = 0; t < T; t += 1) {
    const need = Math.max(0, (instance.targetMw[t] ?? 0) - (instance.existingMw[t] ?? 0));
    layout.shortfall[t] = mb.addColumn({
      cost: (df[t] as number) * instance.shortfallPenaltyUsdPerMwYear * scale,
      lower: 0,
      upper: need,
    });
  }
  const capitalLimited = members.length > 0;
  const hasLeases = layout.lease.some((c) => c >= 0);
  if (capitalLimited)
    members.forEach((member, m) => {
      for (let t = 0; t < T; t += 1) {
        layout.capexFunding[m * T + t] = mb.addColumn({ cost: 0, lower: 0, upper: Infinity });
        if (hasLeases && fundsLeases(member))
          layout.leaseFunding[m * T + t] = mb.addColumn({ cost: 0, lower: 0, upper: Infinity });
      }
    });

  const blockCol = (s: number, t: number) => layout.block[s * T + t] as number;

  // Rows: link and ramp per site.
  sites.forEach((site, s) => {
    const o = layout.open[s] as number;
    if (o < 0) return;
    const cap = capacities[s] as number[];
    const maxBlocks = Math.floor((cap[T - 1] as number) / B + 1e-9);
    const entries: [number, number][] = [];
    for (let t = 0; t < T; t += 1) if (blockCol(s, t) >= 0) entries.push([blockCol(s, t), 1]);
    entries.push([o, -maxBlocks]);
    mb.addRow(-Infinity, 0, entries);
    const cumulative: [number, number][] = [];
    for (let t = 0; t < T; t += 1) {
      if (blockCol(s, t) >= 0) cumulative.push([blockCol(s, t), 1]);
      const blocksByT = Math.floor((cap[t] as number) / B + 1e-9);
      if (blocksByT < maxBlocks && cumulative.length > 1)
        mb.addRow(-Infinity, blocksByT, cumulative);
    }
  });

  // Limits.
  for (const limit of instance.limits) {
    const inScope = sites
      .map((site, s) => ({ site, s }))
      .filter(({ site }) => limit.region === undefined || site.region === limit.region);
    for (let t = 0; t < T; t += 1) {
      const cap = limit.mw[t];
      if (cap === undefined) continue;
      const entries: [number, number][] = [];
      for (const { site, s } of inScope) {
        const taus = limit.kind === 'grid-headroom' ? t + 1 : 1;
        for (let i = 0; i < taus; i += 1) {
          const tau = limit.kind === 'grid-headroom' ? i : t;
          const col = blockCol(s, tau);
          if (col < 0) continue;
          entries.push([col, limit.kind === 'accelerator-supply' ? B / site.pue : B]);
        }
      }
      if (entries.length > 0) mb.addRow(-Infinity, cap, entries);
    }
  }

  // Target, elastic.
  for (let t = 0; t < T; t += 1) {
    const entries: [number, number][] = [[layout.shortfall[t] as number, 1]];
    for (let s = 0; s < S; s += 1)
      for (let tau = 0; tau <= t; tau += 1)
        if (blockCol(s, tau) >= 0) entries.push([blockCol(s, tau), B]);
    for (let k = 0; k < leases.length; k += 1) {
      const col = layout.lease[k * T + t] as number;
      if (col >= 0) entries.push([col, 1]);
    }
    const need = (instance.targetMw[t] ?? 0) - (instance.existingMw[t] ?? 0);
    mb.addRow(need, Infinity, entries);
  }

  // Capital.
  if (capitalLimited) {
    for (let t = 0; t < T; t += 1) {
      const capex: [number, number][] = [];
      sites.forEach((site, s) => {
        const col = blockCol(s, t);
        if (col >= 0) capex.push([col, capexUsdPerMw(site) * B * scale]);
        const o = layout.open[s] as number;
        if (o >= 0 && opensIn[s] === t) capex.push([o, site.openingCostUsd * scale]);
      });
      for (let m = 0; m < members.length; m += 1)
        capex.push([layout.capexFunding[m * T + t] as number, -1]);
      mb.addRow(0, 0, capex);
      if (hasLeases) {
        const bills: [number, number][] = [];
        leases.forEach((lease, k) => {
          const col = layout.lease[k * T + t] as number;
          if (col >= 0) bills.push([col, lease.usdPerMwYear * scale]);
        });
        for (let m = 0; m < members.length; m += 1) {
          const col = layout.leaseFunding[m * T + t] as number;
          if (col >= 0) bills.push([col, -1]);
        }
        if (bills.some(([, v]) => v > 0)) mb.addRow(0, 0, bills);
      }
    }
    members.forEach((member, m) => {
      const drawn: [number, number][] = [];
      let available = 0;
      for (let t = 0; t < T; t += 1) {
        drawn.push([layout.capexFunding[m * T + t] as number, 1]);
        const f = layout.leaseFunding[m * T + t] as number;
        if (f >= 0) drawn.push([f, 1]);
        available += (member.capitalUsd[t] ?? 0) * scale;
        mb.addRow(-Infinity, available, drawn);
      }
    });
  }

  return { model: mb.build(), layout };
}

/** Read a solver's column values back as plan decisions (integers rounded, money in USD). */
export function decisionsFromSolution(
  instance: PlanInstance,
  layout: PlanLayout,
  colValue: Float64Array,
): PlanDecisions {
  const T = layout.years;
  const value = (col: number) => (col >= 0 ? (colValue[col] as number) : 0);
  const money = (col: number) => Math.max(0, value(col)) * USD_PER_MODEL_UNIT;
  return {
    blocks: instance.sites.map((_, s) =>
      instance.years.map((__, t) =>
        Math.max(0, Math.round(value(layout.block[s * T + t] as number))),
      ),
    ),
    // A site the solver opened is opened, even without a block (an unfinished incumbent at a loose
    // gap): its opening cost is in the members' capex funding, and dropping the opening but not the
    // money made the independent check find members paying more than was due. Only an opening that
    // costs nothing and builds nothing is a no-op, and left out of the plan.
    open: instance.sites.map(
      (site, s) =>
        Math.round(value(layout.open[s] as number)) === 1 &&
        (site.openingCostUsd > 0 ||
          instance.years.some((__, t) => Math.round(value(layout.block[s * T + t] as number)) > 0)),
    ),
    leaseMw: instance.leases.map((_, k) =>
      instance.years.map((__, t) => Math.max(0, value(layout.lease[k * T + t] as number))),
    ),
    capexFundingUsd: instance.members.map((_, m) =>
      instance.years.map((__, t) => money(layout.capexFunding[m * T + t] as number)),
    ),
    leaseFundingUsd: instance.members.map((_, m) =>
      instance.years.map((__, t) => money(layout.leaseFunding[m * T + t] as number)),
    ),
  };
}
