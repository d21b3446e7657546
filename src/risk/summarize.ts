import { ITEM_BIN_DAYS, itemBins, type RiskAccumulators } from './kernel.js';
import { VALUE_BINS } from './model.js';
import type { CompiledPipeline, GateView, PipelineItem } from './pipeline.js';

export interface DateQuantiles {
  /** ISO days; null where the quantile falls beyond the horizon (not within it). */
  p10: string | null;
  p50: string | null;
  p90: string | null;
}

export interface ValueQuantiles {
  p10: number;
  p50: number;
  p90: number;
}

export interface PledgeRisk {
  pledge: string;
  policy: string;
  metric: string;
  target: number;
  deadline: string;
  /** What everything that counts could add up to. */
  attainable: number;
  /** P(met by the deadline). */
  pMet: number;
  /** P(met within the horizon at all). */
  pEver: number;
  met: DateQuantiles;
}

export interface FacilityRisk {
  id: string;
  kind: PipelineItem['kind'];
  label: string;
  status: string;
  mw: number;
  mwUnknown: boolean;
  venture: boolean;
  policies: string[];
  remaining: string[];
  online: DateQuantiles & { pWithinHorizon: number };
  /** Per pledge/policy ("capacity-10gw/claimed"): share of trials in which it completes the pledge. */
  criticality: Record<string, number>;
}

export interface RiskSummary {
  pledges: PledgeRisk[];
  facilities: FacilityRisk[];
  /** MW online at each quarter's end, by policy. */
  fan: { end: string; byPolicy: Record<string, ValueQuantiles> }[];
  capitalSpentByYear: { year: number; byPolicy: Record<string, ValueQuantiles> }[];
  jobsByYear: { year: number; byPolicy: Record<string, ValueQuantiles> }[];
  gates: GateView[];
  skipped: { pledge: string; reason: string }[];
}

function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** A histogram's quantile: the first bin whose cumulative count reaches q of the total. */
export function histogramQuantile(bins: Uint32Array, q: number): number {
  let total = 0;
  for (const c of bins) total += c;
  const need = Math.max(1, Math.ceil(q * total));
  let cum = 0;
  for (let b = 0; b < bins.length; b += 1) {
    cum += bins[b] as number;
    if (cum >= need) return b;
  }
  return bins.length - 1;
}

/**
 * Date quantiles of a histogram of `binDays`-day bins whose last bin is "beyond the horizon"; a
 * week bin reports its last day (the date by which the item is online).
 */
function dates(asOf: string, bins: Uint32Array, binDays = 1): DateQuantiles {
  const beyond = bins.length - 1;
  const at = (q: number) => {
    const b = histogramQuantile(bins, q);
    return b >= beyond ? null : addDays(asOf, b * binDays + binDays - 1);
  };
  return { p10: at(0.1), p50: at(0.5), p90: at(0.9) };
}

function values(bins: Uint32Array, total: number): ValueQuantiles {
  const at = (q: number) => (histogramQuantile(bins, q) / (VALUE_BINS - 1)) * total;
  return { p10: at(0.1), p50: at(0.5), p90: at(0.9) };
}

/** Turn a run's histograms into the report: probabilities, date and value quantiles, criticality. */
export function summarize(compiled: CompiledPipeline, acc: RiskAccumulators): RiskSummary {
  const { model, items, evaluations } = compiled;
  const H = model.horizonDays;
  const days = H + 2;
  const trials = acc.trials;
  const n = model.nItems;
  const pledges: PledgeRisk[] = evaluations.map((e, k) => {
    let byDeadline = 0;
    let ever = 0;
    const deadline = Math.min(H, model.evalDeadline[k] as number);
    for (let b = 0; b <= H; b += 1) {
      const c = acc.evalMet[k * days + b] as number;
      ever += c;
      if (b <= deadline) byDeadline += c;
    }
    return {
      pledge: e.pledge,
      policy: e.policy,
      metric: e.metric,
      target: e.target,
      deadline: e.deadline,
      attainable: e.attainable,
      pMet: byDeadline / trials,
      pEver: ever / trials,
      met: dates(model.asOf, acc.evalMet.subarray(k * days, (k + 1) * days)),
    };
  });
  const weeks = itemBins(model);
  const facilities: FacilityRisk[] = items.map((item, i) => {
    let within = 0;
    for (let b = 0; b < weeks - 1; b += 1) within += acc.itemOnline[i * weeks + b] as number;
    const criticality: Record<string, number> = {};
    evaluations.forEach((e, k) => {
      const c = acc.critical[k * n + i] as number;
      if (c > 0) criticality[`${e.pledge}/${e.policy}`] = c / trials;
    });
    return {
      id: item.id,
      kind: item.kind,
      label: item.label,
      status: item.status,
      mw: item.mw,
      mwUnknown: item.mwUnknown,
      venture: item.venture,
      policies: item.policies,
      remaining: item.remaining,
      online: {
        ...dates(model.asOf, acc.itemOnline.subarray(i * weeks, (i + 1) * weeks), ITEM_BIN_DAYS),
        pWithinHorizon: within / trials,
      },
      criticality,
    };
  });
  const nq = model.quarterEnds.length;
  const ny = model.yearEnds.length;
  const byPolicy = (of: {
    hist: Uint32Array;
    totals: Float64Array;
    period: number;
    count: number;
  }) => {
    const out: Record<string, ValueQuantiles> = {};
    compiled.policies.forEach((p, k) => {
      const at = (k * of.count + of.period) * VALUE_BINS;
      out[p] = values(of.hist.subarray(at, at + VALUE_BINS), of.totals[k] as number);
    });
    return out;
  };
  const yearOf = (y: number) =>
    Number(addDays(model.asOf, model.yearEnds[y] as number).slice(0, 4));
  return {
    pledges,
    facilities,
    fan: Array.from({ length: nq }, (_, q) => ({
      end: addDays(model.asOf, model.quarterEnds[q] as number),
      byPolicy: byPolicy({ hist: acc.fanMw, totals: model.policyTotalMw, period: q, count: nq }),
    })),
    capitalSpentByYear: Array.from({ length: ny }, (_, y) => ({
      year: yearOf(y),
      byPolicy: byPolicy({
        hist: acc.capitalByYear,
        totals: model.policyTotalCapital,
        period: y,
        count: ny,
      }),
    })),
    jobsByYear: Array.from({ length: ny }, (_, y) => ({
      year: yearOf(y),
      byPolicy: byPolicy({
        hist: acc.jobsByYear,
        totals: model.policyTotalJobs,
        period: y,
        count: ny,
      }),
    })),
    gates: compiled.gates,
    skipped: compiled.skipped,
  };
}
