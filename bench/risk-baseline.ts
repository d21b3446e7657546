/**
 * The straightforward implementation the risk kernel is measured against: one object per facility
 * per trial, durations drawn the textbook way (inverse CDF for triangular, Box–Muller for lognormal,
 * two gamma draws for PERT), an array sort with a comparator, and every outcome kept in arrays whose
 * quantiles come from sorting at the end. Same model, same outputs in kind; nothing shared with the
 * kernel but the compiled inputs.
 */
import type { Distribution } from '../src/risk/distribution.js';
import type { CompiledPipeline } from '../src/risk/pipeline.js';
import { DAYS_PER_MONTH } from '../src/risk/pipeline.js';
import { STAGES, type RiskReference } from '../src/risk/reference.js';
import { mulberry32 } from '../src/seeded-random.js';

function normal(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

/** Marsaglia–Tsang gamma variate (shape ≥ 1 here). */
function gamma(shape: number, rand: () => number): number {
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = normal(rand);
    const v = (1 + c * x) ** 3;
    if (v <= 0) continue;
    if (Math.log(1 - rand()) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

function sample(d: Distribution, rand: () => number): number {
  switch (d.kind) {
    case 'uniform':
      return d.min + rand() * (d.max - d.min);
    case 'triangular': {
      const u = rand();
      const f = (d.mode - d.min) / (d.max - d.min || 1);
      return u < f
        ? d.min + Math.sqrt(u * (d.max - d.min) * (d.mode - d.min))
        : d.max - Math.sqrt((1 - u) * (d.max - d.min) * (d.max - d.mode));
    }
    case 'pert': {
      const range = d.max - d.min || 1;
      const a = 1 + (4 * (d.mode - d.min)) / range;
      const b = 1 + (4 * (d.max - d.mode)) / range;
      const x = gamma(a, rand);
      return d.min + (range * x) / (x + gamma(b, rand));
    }
    case 'lognormal':
      return d.median * Math.exp(d.sigma * normal(rand));
  }
}

interface Facility {
  id: string;
  stages: Record<string, number>;
  online: number;
  mw: number;
}

/** Run `trials` trials; returns P(met by deadline) per evaluation (for a sanity comparison). */
export function baselineRun(
  compiled: CompiledPipeline,
  reference: RiskReference,
  trials: number,
): number[] {
  const rand = mulberry32(12345);
  const { items, evaluations, model } = compiled;
  const met: number[][] = evaluations.map(() => []);
  const online: number[][] = items.map(() => []);
  for (let trial = 0; trial < trials; trial += 1) {
    const supply = Math.exp(model.supplySigma * normal(rand));
    const grid: Record<string, number> = {};
    for (const item of items) grid[item.region] ??= Math.exp(model.gridSigma * normal(rand));
    let gate = 0;
    for (const g of compiled.gates)
      gate = Math.max(
        gate,
        g.medianDays * Math.exp(reference.shocks.governance.sigma * normal(rand)),
      );
    const late: Record<string, number> = {};
    const dropped: Record<string, boolean> = {};
    for (const f of compiled.funders) {
      dropped[f] = rand() < model.financeDrop;
      late[f] =
        rand() < model.financeLate
          ? sample(reference.shocks.financing.delay, rand) * DAYS_PER_MONTH
          : 0;
    }
    const facilities: Facility[] = items.map((item, i) => {
      const stages: Record<string, number> = {};
      STAGES.forEach((stage, s) => {
        const scale = model.scale[i * STAGES.length + s] as number;
        stages[stage] =
          scale === 0 ? 0 : sample(reference.stages[stage].duration, rand) * DAYS_PER_MONTH * scale;
      });
      let start = item.funder ? (late[item.funder] ?? 0) : 0;
      if (item.gated) start = Math.max(start, gate);
      const site = start + (stages['site-control'] ?? 0);
      const ready = Math.max(
        site + (stages.permits ?? 0) + (stages.construction ?? 0),
        site + (stages.interconnection ?? 0) * (grid[item.region] ?? 1),
        site + (stages.equipment ?? 0) * supply,
      );
      const built = ready + (stages.energisation ?? 0) + (stages.accelerators ?? 0) * supply;
      const day = item.funder && dropped[item.funder] ? Number.POSITIVE_INFINITY : built;
      return { id: item.id, stages, online: day, mw: item.mw };
    });
    facilities.forEach((f, i) => online[i]?.push(f.online));
    const sorted = [...facilities].sort((a, b) => a.online - b.online);
    evaluations.forEach((e, k) => {
      let sum = 0;
      let when = Number.POSITIVE_INFINITY;
      const sites = new Set<string>();
      const counted = sorted.filter(
        (f) => model.evalMask[k * items.length + items.findIndex((it) => it.id === f.id)] === 1,
      );
      for (const f of counted) {
        const item = items.find((it) => it.id === f.id);
        if (e.metric === 'sites') {
          if (item?.site) sites.add(item.site);
          sum = sites.size;
        } else sum += e.metric === 'jobs' ? (item?.jobs ?? 0) : f.mw;
        if (sum >= e.target) {
          when = f.online;
          break;
        }
      }
      met[k]?.push(when);
    });
  }
  // Quantiles by sorting everything kept.
  for (const list of [...met, ...online]) list.sort((a, b) => a - b);
  return evaluations.map((e, k) => {
    const deadline = model.evalDeadline[k] as number;
    return (met[k] ?? []).filter((d) => d <= deadline).length / trials;
  });
}
