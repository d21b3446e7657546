import { z } from 'zod';

/**
 * Stage durations, in months. Triangular and PERT are bounded (min, mode, max); lognormal is given
 * by its median and the sigma of its logarithm, the usual way lead times are reported ("median 30
 * months, 90 % within 13–68").
 */
export const Distribution = z
  .discriminatedUnion('kind', [
    z
      .object({ kind: z.literal('uniform'), min: z.number().nonnegative(), max: z.number() })
      .strict(),
    z
      .object({
        kind: z.literal('triangular'),
        min: z.number().nonnegative(),
        mode: z.number(),
        max: z.number(),
      })
      .strict(),
    z
      .object({
        kind: z.literal('pert'),
        min: z.number().nonnegative(),
        mode: z.number(),
        max: z.number(),
      })
      .strict(),
    z
      .object({
        kind: z.literal('lognormal'),
        median: z.number().positive(),
        sigma: z.number().meta({ description: 'Standard deviation of the logarithm; > 0.' }),
      })
      .strict(),
  ])
  .superRefine((d, ctx) => {
    if (d.kind === 'lognormal') {
      if (!(d.sigma > 0))
        ctx.addIssue({
          code: 'custom',
          path: ['sigma'],
          message: `sigma must be > 0, got ${d.sigma}`,
        });
      return;
    }
    if (d.kind === 'uniform') {
      if (d.min > d.max)
        ctx.addIssue({ code: 'custom', path: ['min'], message: `min ${d.min} > max ${d.max}` });
      return;
    }
    if (d.min > d.mode)
      ctx.addIssue({ code: 'custom', path: ['min'], message: `min ${d.min} > mode ${d.mode}` });
    if (d.mode > d.max)
      ctx.addIssue({ code: 'custom', path: ['mode'], message: `mode ${d.mode} > max ${d.max}` });
  });
export type Distribution = z.infer<typeof Distribution>;

/** Scale a distribution's location (all its bounds, or its median) by a factor. */
export function scaleDistribution(d: Distribution, factor: number): Distribution {
  switch (d.kind) {
    case 'lognormal':
      return { ...d, median: d.median * factor };
    case 'uniform':
      return { ...d, min: d.min * factor, max: d.max * factor };
    case 'triangular':
    case 'pert':
      return { ...d, min: d.min * factor, mode: d.mode * factor, max: d.max * factor };
  }
}

export function mean(d: Distribution): number {
  switch (d.kind) {
    case 'uniform':
      return (d.min + d.max) / 2;
    case 'triangular':
      return (d.min + d.mode + d.max) / 3;
    case 'pert':
      return (d.min + 4 * d.mode + d.max) / 6;
    case 'lognormal':
      return d.median * Math.exp((d.sigma * d.sigma) / 2);
  }
}

export function variance(d: Distribution): number {
  switch (d.kind) {
    case 'uniform':
      return (d.max - d.min) ** 2 / 12;
    case 'triangular': {
      const { min: a, mode: c, max: b } = d;
      return (a * a + b * b + c * c - a * b - a * c - b * c) / 18;
    }
    case 'pert': {
      const m = mean(d);
      return ((m - d.min) * (d.max - m)) / 7;
    }
    case 'lognormal': {
      const s2 = d.sigma * d.sigma;
      return (Math.exp(s2) - 1) * Math.exp(2 * Math.log(d.median) + s2);
    }
  }
}

/** The quantile function (inverse CDF) at p ∈ [0, 1]. */
export function quantile(d: Distribution, p: number): number {
  switch (d.kind) {
    case 'uniform':
      return d.min + p * (d.max - d.min);
    case 'triangular': {
      const { min: a, mode: c, max: b } = d;
      if (b === a) return a;
      const f = (c - a) / (b - a);
      return p < f
        ? a + Math.sqrt(p * (b - a) * (c - a))
        : b - Math.sqrt((1 - p) * (b - a) * (b - c));
    }
    case 'pert': {
      if (d.max === d.min) return d.min;
      const alpha = 1 + (4 * (d.mode - d.min)) / (d.max - d.min);
      const beta = 1 + (4 * (d.max - d.mode)) / (d.max - d.min);
      return d.min + (d.max - d.min) * betaQuantile(p, alpha, beta);
    }
    case 'lognormal':
      return d.median * Math.exp(d.sigma * normalQuantile(p));
  }
}

/** Acklam's rational approximation of the standard normal quantile (relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (p <= 0) return Number.NEGATIVE_INFINITY;
  if (p >= 1) return Number.POSITIVE_INFINITY;
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972,
    -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734,
    4.374664141464968, 2.938163982698783,
  ];
  const e = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((e[0]! * q + e[1]!) * q + e[2]!) * q + e[3]!) * q + 1)
    );
  }
  if (p > 1 - lo) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  );
}

/** The regularised incomplete beta function by its continued fraction (Numerical Recipes). */
function betaCdf(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const lnFront = lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log(1 - x);
  const front = Math.exp(lnFront);
  return x < (a + 1) / (a + b + 2)
    ? (front * betaFraction(x, a, b)) / a
    : 1 - (front * betaFraction(1 - x, b, a)) / b;
}

function betaFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m += 1) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 3e-14) break;
  }
  return h;
}

function lnGamma(x: number): number {
  const g = [
    76.1800917294715, -86.5053203294168, 24.0140982408309, -1.23173957245015, 0.00120865097386618,
    -0.000005395239384953,
  ];
  let y = x;
  const t = x + 5.5 - (x + 0.5) * Math.log(x + 5.5);
  let s = 1.00000000019002;
  for (const gj of g) s += gj / ++y;
  return -t + Math.log((2.506628274631 * s) / x);
}

/** Beta quantile by bisection on the CDF: only used to build tables, so plain and safe. */
function betaQuantile(p: number, a: number, b: number): number {
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 60; i += 1) {
    const mid = (lo + hi) / 2;
    if (betaCdf(mid, a, b) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Points of a quantile table: sampling is a lookup with linear interpolation between them. */
export const TABLE_SIZE = 4096;

/**
 * The quantile function tabulated at TABLE_SIZE + 1 evenly spaced probabilities, in days. Sampling
 * by table lookup costs one uniform draw and one interpolation, whatever the distribution — the
 * kernel's inner loop. The ends use the distribution's 0.5/TABLE_SIZE and 1 − 0.5/TABLE_SIZE
 * quantiles so that an unbounded lognormal stays finite; its mean and variance stay within a
 * fraction of a percent (tested).
 */
export function quantileTable(d: Distribution, daysPerUnit: number): Float64Array {
  const table = new Float64Array(TABLE_SIZE + 1);
  for (let i = 0; i <= TABLE_SIZE; i += 1) {
    const p = Math.min(Math.max(i / TABLE_SIZE, 0.5 / TABLE_SIZE), 1 - 0.5 / TABLE_SIZE);
    const bounded = d.kind === 'lognormal' ? p : i / TABLE_SIZE;
    table[i] = quantile(d, bounded) * daysPerUnit;
  }
  return table;
}
