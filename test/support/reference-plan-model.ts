/**
 * The planner's model as it was built before the typed-array builder (commit 132c1d9): one tuple
 * per matrix entry, rows gathered in arrays and copied at the end. Slow, but it reads like the
 * formulation in src/planner/plan-model.ts, and the tests hold the fast builder to producing exactly
 * these arrays.
 */
import type { MilpModel } from '../../src/planner/milp-model.js';
import { USD_PER_MODEL_UNIT, type PlanLayout } from '../../src/planner/plan-model.js';
import {
  capexUsdPerMw,
  discountFactors,
  fundsLeases,
  openingIndex,
  siteCapacityMw,
  type PlanInstance,
} from '../../src/planner/plan-instance.js';

const HOURS_PER_YEAR = 8760;

class TupleModelBuilder {
  private cost: number[] = [];
  private lower: number[] = [];
  private upper: number[] = [];
  private integer: number[] = [];
  private rowLo: number[] = [];
  private rowUp: number[] = [];
  private starts: number[] = [0];
  private indices: number[] = [];
  private values: number[] = [];

  addColumn(column: { cost: number; lower: number; upper: number; integer?: boolean }): number {
    this.cost.push(column.cost);
    this.lower.push(column.lower);
    this.upper.push(column.upper);
    this.integer.push(column.integer === true ? 1 : 0);
    return this.cost.length - 1;
  }

  addRow(lower: number, upper: number, entries: readonly (readonly [number, number])[]): number {
    for (const [col, value] of entries) {
      if (value === 0) continue;
      this.indices.push(col);
      this.values.push(value);
    }
    this.starts.push(this.indices.length);
    this.rowLo.push(lower);
    this.rowUp.push(upper);
    return this.rowLo.length - 1;
  }

  build(): MilpModel {
    return {
      numCols: this.cost.length,
      numRows: this.rowLo.length,
      offset: 0,
      colCost: Float64Array.from(this.cost),
      colLower: Float64Array.from(this.lower),
      colUpper: Float64Array.from(this.upper),
      integrality: Int32Array.from(this.integer),
      rowLower: Float64Array.from(this.rowLo),
      rowUpper: Float64Array.from(this.rowUp),
      starts: Int32Array.from(this.starts),
      indices: Int32Array.from(this.indices),
      values: Float64Array.from(this.values),
    };
  }
}

export function referencePlanModel(instance: PlanInstance): MilpModel {
  const { years, blockMw: B, sites, leases, members } = instance;
  const T = years.length;
  const S = sites.length;
  const df = discountFactors(instance);
  const mb = new TupleModelBuilder();
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

  return mb.build();
}
