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
  type PlanLease,
  type PlanMember,
  type PlanSite,
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

/**
 * Write the MILP above for an instance. The arrays are written in one pass each, straight into
 * typed arrays (no object per row or entry): the cumulative rows (ramp, grid, target, capital) hold
 * O(S·T²) entries, and building them from tuples took up to a third of a tuned solve's time at
 * S = 1,000 (bench/README.md). Columns and rows come in a fixed order: sites' blocks then their
 * opening, leases, shortfalls, funding; then per-site rows, limits, targets, capital.
 */
export function buildPlanModel(instance: PlanInstance): PlanModel {
  const { years, blockMw: B, sites, leases, members } = instance;
  const T = years.length;
  const S = sites.length;
  const K = leases.length;
  const M = members.length;
  const df = discountFactors(instance);
  const scale = 1 / USD_PER_MODEL_UNIT;
  const layout: PlanLayout = {
    sites: S,
    years: T,
    block: new Int32Array(S * T).fill(-1),
    open: new Int32Array(S).fill(-1),
    lease: new Int32Array(K * T).fill(-1),
    shortfall: new Int32Array(T).fill(-1),
    capexFunding: new Int32Array(M * T).fill(-1),
    leaseFunding: new Int32Array(M * T).fill(-1),
  };

  // Per site and year: blocks that can be energised by the end of the year; per site: the year its
  // opening is paid (-1: never).
  const blocksBy = new Int32Array(S * T);
  const opensIn = new Int32Array(S).fill(-1);
  for (let s = 0; s < S; s += 1) {
    const cap = siteCapacityMw(instance, sites[s] as PlanSite);
    for (let t = 0; t < T; t += 1) blocksBy[s * T + t] = Math.floor((cap[t] as number) / B + 1e-9);
    opensIn[s] = openingIndex(cap) ?? -1;
  }
  const limitedYears = instance.limits.reduce(
    (n, limit) => n + limit.mw.filter((mw) => mw !== undefined).length,
    0,
  );
  const mb = new MilpModelBuilder({
    columns: S * (T + 1) + (K + 1 + 2 * M) * T,
    rows: S * (T + 1) + limitedYears + T + (2 + M) * T,
    // Upper bounds of the cumulative rows' entries: ramp and grid/target each S·T(T+1)/2.
    entries: S * (T + 1) * (T + 2) + S * T * (instance.limits.length + 2) + 4 * M * T * T,
  });

  // Columns: blocks and openings.
  const tails = new Float64Array(T);
  for (let s = 0; s < S; s += 1) {
    const site = sites[s] as PlanSite;
    const a = opensIn[s] as number;
    if (a < 0 || (blocksBy[s * T + T - 1] as number) <= 0) continue;
    const capex = capexUsdPerMw(site) * B;
    const powerPerYear = B * instance.loadFactor * HOURS_PER_YEAR * site.powerUsdPerMwh;
    let powerTail = 0; // Σ_{u ≥ t} d_u · power, filled from the last year back
    for (let t = T - 1; t >= 0; t -= 1) {
      powerTail += (df[t] as number) * powerPerYear;
      tails[t] = powerTail;
    }
    for (let t = 0; t < T; t += 1) {
      const maxBlocks = blocksBy[s * T + t] as number;
      if (maxBlocks <= 0) continue;
      layout.block[s * T + t] = mb.addColumn(
        ((df[t] as number) * capex + (tails[t] as number)) * scale,
        { lower: 0, upper: maxBlocks },
        true,
      );
    }
    layout.open[s] = mb.addColumn(
      (df[a] as number) * site.openingCostUsd * scale,
      { lower: 0, upper: 1 },
      true,
    );
  }
  for (let k = 0; k < K; k += 1) {
    const lease = leases[k] as PlanLease;
    for (let t = 0; t < T; t += 1) {
      const max = lease.maxMw[t] ?? 0;
      if (max <= 0) continue;
      layout.lease[k * T + t] = mb.addColumn((df[t] as number) * lease.usdPerMwYear * scale, {
        lower: 0,
        upper: max,
      });
    }
  }
  for (let t = 0; t < T; t += 1) {
    const need = Math.max(0, (instance.targetMw[t] ?? 0) - (instance.existingMw[t] ?? 0));
    layout.shortfall[t] = mb.addColumn(
      (df[t] as number) * instance.shortfallPenaltyUsdPerMwYear * scale,
      { lower: 0, upper: need },
    );
  }
  const capitalLimited = M > 0;
  const hasLeases = layout.lease.some((c) => c >= 0);
  const unbounded = { lower: 0, upper: Infinity };
  if (capitalLimited)
    for (let m = 0; m < M; m += 1) {
      const paysLeases = hasLeases && fundsLeases(members[m] as PlanMember);
      for (let t = 0; t < T; t += 1) {
        layout.capexFunding[m * T + t] = mb.addColumn(0, unbounded);
        if (paysLeases) layout.leaseFunding[m * T + t] = mb.addColumn(0, unbounded);
      }
    }

  const block = layout.block;

  // Rows: link and ramp per site.
  for (let s = 0; s < S; s += 1) {
    const o = layout.open[s] as number;
    if (o < 0) continue;
    const row = s * T;
    const maxBlocks = blocksBy[row + T - 1] as number;
    for (let t = 0; t < T; t += 1) {
      const col = block[row + t] as number;
      if (col >= 0) mb.addEntry(col, 1);
    }
    mb.addEntry(o, -maxBlocks);
    mb.endRow(-Infinity, 0);
    // Σ_{τ≤t} b[s,τ] ≤ blocksBy[s,t], where that is below the site's final capacity and more than
    // one block column is involved (one column's bound says it already).
    let columns = 0;
    for (let t = 0; t < T; t += 1) {
      if ((block[row + t] as number) >= 0) columns += 1;
      const blocksByT = blocksBy[row + t] as number;
      if (blocksByT < maxBlocks && columns > 1) {
        for (let tau = 0; tau <= t; tau += 1) {
          const col = block[row + tau] as number;
          if (col >= 0) mb.addEntry(col, 1);
        }
        mb.endRow(-Infinity, blocksByT);
      }
    }
  }

  // Limits.
  for (const limit of instance.limits) {
    const cumulative = limit.kind === 'grid-headroom';
    const perItLoad = limit.kind === 'accelerator-supply';
    for (let t = 0; t < T; t += 1) {
      const cap = limit.mw[t];
      if (cap === undefined) continue;
      const from = cumulative ? 0 : t;
      const rowStart = mb.entries;
      for (let s = 0; s < S; s += 1) {
        const site = sites[s] as PlanSite;
        if (limit.region !== undefined && site.region !== limit.region) continue;
        const value = perItLoad ? B / site.pue : B;
        for (let tau = from; tau <= t; tau += 1) {
          const col = block[s * T + tau] as number;
          if (col >= 0) mb.addEntry(col, value);
        }
      }
      if (mb.entries > rowStart) mb.endRow(-Infinity, cap);
    }
  }

  // Target, elastic.
  for (let t = 0; t < T; t += 1) {
    mb.addEntry(layout.shortfall[t] as number, 1);
    for (let s = 0; s < S; s += 1)
      for (let tau = 0; tau <= t; tau += 1) {
        const col = block[s * T + tau] as number;
        if (col >= 0) mb.addEntry(col, B);
      }
    for (let k = 0; k < K; k += 1) {
      const col = layout.lease[k * T + t] as number;
      if (col >= 0) mb.addEntry(col, 1);
    }
    const need = (instance.targetMw[t] ?? 0) - (instance.existingMw[t] ?? 0);
    mb.endRow(need, Infinity);
  }

  // Capital.
  if (capitalLimited) {
    for (let t = 0; t < T; t += 1) {
      for (let s = 0; s < S; s += 1) {
        const site = sites[s] as PlanSite;
        const col = block[s * T + t] as number;
        if (col >= 0) mb.addEntry(col, capexUsdPerMw(site) * B * scale);
        const o = layout.open[s] as number;
        if (o >= 0 && opensIn[s] === t) mb.addEntry(o, site.openingCostUsd * scale);
      }
      for (let m = 0; m < M; m += 1) mb.addEntry(layout.capexFunding[m * T + t] as number, -1);
      mb.endRow(0, 0);
      // A lease bill row only where some lease offered this year has a price.
      if (hasLeases && isLeaseBilledIn(layout, leases, t)) {
        for (let k = 0; k < K; k += 1) {
          const col = layout.lease[k * T + t] as number;
          if (col >= 0) mb.addEntry(col, (leases[k] as PlanLease).usdPerMwYear * scale);
        }
        for (let m = 0; m < M; m += 1) {
          const col = layout.leaseFunding[m * T + t] as number;
          if (col >= 0) mb.addEntry(col, -1);
        }
        mb.endRow(0, 0);
      }
    }
    for (let m = 0; m < M; m += 1) {
      const member = members[m] as PlanMember;
      let available = 0;
      for (let t = 0; t < T; t += 1) {
        available += (member.capitalUsd[t] ?? 0) * scale;
        for (let tau = 0; tau <= t; tau += 1) {
          mb.addEntry(layout.capexFunding[m * T + tau] as number, 1);
          const f = layout.leaseFunding[m * T + tau] as number;
          if (f >= 0) mb.addEntry(f, 1);
        }
        mb.endRow(-Infinity, available);
      }
    }
  }

  return { model: mb.build(), layout };
}

/** Whether some lease offered in year t has a price, so that year's bills need funding. */
function isLeaseBilledIn(layout: PlanLayout, leases: readonly PlanLease[], t: number): boolean {
  const T = layout.years;
  return leases.some(
    (lease, k) => (layout.lease[k * T + t] as number) >= 0 && lease.usdPerMwYear > 0,
  );
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
