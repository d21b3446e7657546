import { TABLE_SIZE } from './distribution.js';
import { VALUE_BINS, type RiskModel } from './model.js';

const STAGES = 7;
const U32 = 2 ** -32;
const TWO_PI = 2 * Math.PI;

/**
 * What a batch of trials adds up to: integer histograms only, so that batches run on any number of
 * workers sum to the same totals, bit for bit.
 */
export interface RiskAccumulators {
  trials: number;
  /** nEvals × (horizonDays + 2): the day each evaluation's pledge is met; the last bin is "not within the horizon". */
  evalMet: Uint32Array;
  /** nItems × itemBins(model): the week each item comes online (the last bin: beyond the horizon). */
  itemOnline: Uint32Array;
  /** nEvals × nItems: how often the item is the one that completes the pledge. */
  critical: Uint32Array;
  /** nPolicies × quarters × VALUE_BINS: MW online at each quarter's end. */
  fanMw: Uint32Array;
  /** nPolicies × years × VALUE_BINS: capital of the items coming online in each year. */
  capitalByYear: Uint32Array;
  /** nPolicies × years × VALUE_BINS: jobs online at each year's end. */
  jobsByYear: Uint32Array;
}

/**
 * Items are binned by week, pledges by day: 200 items × 15 years of daily bins would be 4 MB of
 * counters touched at random every trial, weekly bins fit in the cache, and a week is finer than any
 * facility's date is known.
 */
export const ITEM_BIN_DAYS = 7;
export function itemBins(model: Pick<RiskModel, 'horizonDays'>): number {
  return Math.floor(model.horizonDays / ITEM_BIN_DAYS) + 2;
}

export function emptyAccumulators(model: RiskModel): RiskAccumulators {
  const days = model.horizonDays + 2;
  const q = model.quarterEnds.length;
  const y = model.yearEnds.length;
  return {
    trials: 0,
    evalMet: new Uint32Array(model.nEvals * days),
    itemOnline: new Uint32Array(model.nItems * itemBins(model)),
    critical: new Uint32Array(model.nEvals * model.nItems),
    fanMw: new Uint32Array(model.nPolicies * q * VALUE_BINS),
    capitalByYear: new Uint32Array(model.nPolicies * y * VALUE_BINS),
    jobsByYear: new Uint32Array(model.nPolicies * y * VALUE_BINS),
  };
}

export function addAccumulators(into: RiskAccumulators, from: RiskAccumulators): void {
  into.trials += from.trials;
  for (const key of [
    'evalMet',
    'itemOnline',
    'critical',
    'fanMw',
    'capitalByYear',
    'jobsByYear',
  ] as const) {
    const a = into[key];
    const b = from[key];
    for (let i = 0; i < a.length; i += 1) a[i] = (a[i] as number) + (b[i] as number);
  }
}

/** Seed a trial's stream from (seed, trial): SplitMix32-style mixing, never the all-zero state. */
function seedStream(st: Uint32Array, seed: number, trial: number): void {
  st[0] = mix32(seed ^ mix32(trial));
  st[1] = mix32((st[0] as number) ^ 0x6a09e667);
  st[2] = mix32((st[1] as number) ^ 0xbb67ae85);
  st[3] = mix32((st[2] as number) ^ trial);
  if (((st[0] as number) | (st[1] as number) | (st[2] as number) | (st[3] as number)) === 0)
    st[0] = 1;
}

/** xoshiro128** (Blackman & Vigna): the next uniform in [0, 1). */
function next(st: Uint32Array): number {
  const s0 = st[0] as number;
  const s1 = st[1] as number;
  const s2 = (st[2] as number) ^ s0;
  const s3 = (st[3] as number) ^ s1;
  const m = Math.imul(s1, 5);
  const r = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
  st[1] = s1 ^ s2;
  st[0] = s0 ^ s3;
  st[2] = s2 ^ (s1 << 9);
  st[3] = (s3 << 11) | (s3 >>> 21);
  return r * U32;
}

/** SplitMix32 (Steele et al.): turns (seed, trial) into a well-mixed 32-bit word. */
function mix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** Reusable scratch space of one runner: allocated once, never per trial. */
interface Scratch {
  uniforms: Float64Array;
  online: Float64Array;
  keys: Int32Array;
  grid: Float64Array;
  financeDelay: Float64Array;
  financeDropped: Uint8Array;
  seen: Uint8Array;
}

function scratchFor(model: RiskModel): Scratch {
  return {
    uniforms: new Float64Array(model.nItems * STAGES),
    online: new Float64Array(model.nItems),
    keys: new Int32Array(model.nItems),
    grid: new Float64Array(Math.max(1, model.nRegions)),
    financeDelay: new Float64Array(Math.max(1, model.nFunders)),
    financeDropped: new Uint8Array(Math.max(1, model.nFunders)),
    seen: new Uint8Array(Math.max(1, model.nSites)),
  };
}

/**
 * Run trials [from, to) of the model with the given seed, adding to `acc`. Each trial draws from its
 * own xoshiro128** stream seeded from (seed, trial index), so a trial's outcome does not depend on
 * which worker runs it or in what order. Within a trial the draws come in a fixed order — every
 * stage of every item first, then the shocks, then the governance gates — so a variant of the model
 * with fewer decisions or other durations sees the same random numbers for everything else (common
 * random numbers: what makes the sensitivity runs and "removing decisions never hurts" exact).
 */
export function runTrials(
  model: RiskModel,
  range: { seed: number; from: number; to: number },
  acc: RiskAccumulators,
): void {
  const s = scratchFor(model);
  const n = model.nItems;
  const H = model.horizonDays;
  const days = H + 2;
  const T = model.stageTables;
  const scale = model.scale;
  const u = s.uniforms;
  const online = s.online;
  const keys = s.keys;
  // Sort keys pack (online time, item index) into one int32: the index in the low bits, the time
  // in 1/16 days above it (coarser for very large pipelines, so the key stays below 2^31).
  let indexBits = 1;
  while (1 << indexBits < n) indexBits += 1;
  const indexMask = (1 << indexBits) - 1;
  let ticks = 16;
  while (ticks > 1 && (H + 2) * ticks * (indexMask + 1) >= 2 ** 31) ticks >>= 1;
  const nq = model.quarterEnds.length;
  const ny = model.yearEnds.length;
  const draws = n * STAGES;
  const st = new Uint32Array(4);
  const weeks = itemBins(model);

  for (let trial = range.from; trial < range.to; trial += 1) {
    seedStream(st, range.seed, trial);

    // 1. Every stage of every item, then the shocks, then the gates: always in this order.
    // xoshiro128** inlined with its state in locals: this loop makes most of the trial's draws.
    {
      let s0 = st[0] as number;
      let s1 = st[1] as number;
      let s2 = st[2] as number;
      let s3 = st[3] as number;
      for (let k = 0; k < draws; k += 1) {
        const m = Math.imul(s1, 5);
        const r = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
        const t = s1 << 9;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = (s3 << 11) | (s3 >>> 21);
        u[k] = r * U32;
      }
      st[0] = s0;
      st[1] = s1;
      st[2] = s2;
      st[3] = s3;
    }
    const supply = Math.exp(model.supplySigma * normal(next(st), next(st)));
    for (let r = 0; r < model.nRegions; r += 1)
      s.grid[r] = Math.exp(model.gridSigma * normal(next(st), next(st)));
    for (let f = 0; f < model.nFunders; f += 1) {
      s.financeDropped[f] = next(st) < model.financeDrop ? 1 : 0;
      const late = next(st) < model.financeLate;
      const x = next(st);
      s.financeDelay[f] = late ? lookup(model.financeDelayTable, 0, x) : 0;
    }
    // Governance: venture capacity starts once every open decision has resolved.
    let gate = 0;
    for (let d = 0; d < model.gateFixed.length; d += 1) {
      const x = next(st);
      const fixed = model.gateFixed[d] as number;
      const g = Number.isNaN(fixed) ? lookup(model.gateTables, d * (TABLE_SIZE + 1), x) : fixed;
      if (g > gate) gate = g;
    }

    // 2. The schedule network of each item.
    for (let i = 0; i < n; i += 1) {
      const fixed = model.fixedOnline[i] as number;
      let day: number;
      if (!Number.isNaN(fixed)) day = fixed;
      else {
        const f = model.funder[i] as number;
        if (f >= 0 && s.financeDropped[f] === 1) day = Number.POSITIVE_INFINITY;
        else {
          const b = i * STAGES;
          const o = b;
          let t0 = model.start[i] as number;
          if (f >= 0) t0 += s.financeDelay[f] as number;
          if (model.gated[i] === 1 && gate > t0) t0 = gate;
          const site = t0 + duration(T, 0, scale[b] as number, u[o] as number);
          const permits = site + duration(T, 1, scale[b + 1] as number, u[o + 1] as number);
          const power =
            site +
            duration(T, 2, scale[b + 2] as number, u[o + 2] as number) *
              (s.grid[model.region[i] as number] as number);
          const equipment =
            site + duration(T, 3, scale[b + 3] as number, u[o + 3] as number) * supply;
          const built = permits + duration(T, 4, scale[b + 4] as number, u[o + 4] as number);
          let ready = built;
          if (power > ready) ready = power;
          if (equipment > ready) ready = equipment;
          const energised = ready + duration(T, 5, scale[b + 5] as number, u[o + 5] as number);
          day = energised + duration(T, 6, scale[b + 6] as number, u[o + 6] as number) * supply;
        }
      }
      online[i] = day;
      const week = day <= 0 ? 0 : day > H ? weeks - 1 : Math.floor(day / ITEM_BIN_DAYS);
      acc.itemOnline[i * weeks + week] = (acc.itemOnline[i * weeks + week] as number) + 1;
      const clamped = day <= 0 ? 0 : day > H ? H + 1 : day;
      keys[i] = (Math.floor(clamped * ticks) << indexBits) | i;
    }

    // 3. Items in the order they come online (one numeric sort of packed keys, no comparator).
    keys.sort();

    // 4. Each pledge × policy: the day its target is reached, and the item that reaches it.
    for (let e = 0; e < model.nEvals; e += 1) {
      const metric = model.evalMetric[e] as number;
      const target = model.evalTarget[e] as number;
      const mask = e * n;
      let sum = 0;
      let metDay = -1;
      let decider = -1;
      if (metric === 2) s.seen.fill(0);
      for (let k = 0; k < n; k += 1) {
        const i = (keys[k] as number) & indexMask;
        if (model.evalMask[mask + i] !== 1) continue;
        const day = online[i] as number;
        if (day > H) break;
        if (metric === 0) sum += model.mw[i] as number;
        else if (metric === 1) sum += model.jobs[i] as number;
        else {
          const site = model.site[i] as number;
          if (site < 0 || s.seen[site] === 1) continue;
          s.seen[site] = 1;
          sum += 1;
        }
        if (sum >= target) {
          metDay = day <= 0 ? 0 : day;
          decider = i;
          break;
        }
      }
      const bin = metDay < 0 ? H + 1 : Math.floor(metDay);
      acc.evalMet[e * days + bin] = (acc.evalMet[e * days + bin] as number) + 1;
      if (decider >= 0) acc.critical[mask + decider] = (acc.critical[mask + decider] as number) + 1;
    }

    // 5. Fan chart (MW by quarter), capital by year, jobs by year, per policy.
    for (let p = 0; p < model.nPolicies; p += 1) {
      const pm = p * n;
      const totalMw = model.policyTotalMw[p] as number;
      const totalCapital = model.policyTotalCapital[p] as number;
      const totalJobs = model.policyTotalJobs[p] as number;
      let k = 0;
      let mw = 0;
      for (let q = 0; q < nq; q += 1) {
        const end = model.quarterEnds[q] as number;
        while (k < n) {
          const i = (keys[k] as number) & indexMask;
          if ((online[i] as number) > end) break;
          if (model.policyMask[pm + i] === 1) mw += model.mw[i] as number;
          k += 1;
        }
        if (totalMw > 0) {
          const b = (p * nq + q) * VALUE_BINS + Math.round((mw / totalMw) * (VALUE_BINS - 1));
          acc.fanMw[b] = (acc.fanMw[b] as number) + 1;
        }
      }
      if (totalCapital <= 0 && totalJobs <= 0) continue;
      k = 0;
      let jobs = 0;
      let start = Number.NEGATIVE_INFINITY;
      for (let y = 0; y < ny; y += 1) {
        const end = model.yearEnds[y] as number;
        let capital = 0;
        while (k < n) {
          const i = (keys[k] as number) & indexMask;
          const day = online[i] as number;
          if (day > end) break;
          if (model.policyMask[pm + i] === 1) {
            if (day > start) capital += model.capital[i] as number;
            jobs += model.jobs[i] as number;
          }
          k += 1;
        }
        start = end;
        if (totalCapital > 0) {
          const b =
            (p * ny + y) * VALUE_BINS + Math.round((capital / totalCapital) * (VALUE_BINS - 1));
          acc.capitalByYear[b] = (acc.capitalByYear[b] as number) + 1;
        }
        if (totalJobs > 0) {
          const b = (p * ny + y) * VALUE_BINS + Math.round((jobs / totalJobs) * (VALUE_BINS - 1));
          acc.jobsByYear[b] = (acc.jobsByYear[b] as number) + 1;
        }
      }
    }
    acc.trials += 1;
  }
}

/** One stage's duration: a table lookup, scaled; a passed stage (scale 0) takes no time. */
// The inner loop calls this seven times per item per trial: plain arguments, no options object.
// eslint-disable-next-line max-params
function duration(table: Float64Array, stage: number, scale: number, x: number): number {
  if (scale === 0) return 0;
  return lookup(table, stage * (TABLE_SIZE + 1), x) * scale;
}

function lookup(table: Float64Array, base: number, x: number): number {
  const pos = x * TABLE_SIZE;
  const i = pos | 0;
  const lo = table[base + i] as number;
  return lo + (pos - i) * ((table[base + i + 1] as number) - lo);
}

/** Box–Muller from two uniforms. */
function normal(u1: number, u2: number): number {
  return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(TWO_PI * u2);
}
