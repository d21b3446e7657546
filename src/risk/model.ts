/**
 * The risk model as the kernel sees it: typed arrays only, so that it crosses to worker threads by
 * structured clone and the inner loop touches no objects. Built by `compileModel` (pipeline.ts).
 */
export interface RiskModel {
  /** Day 0 of the simulation (V). */
  asOf: string;
  /** Days simulated after V; an event later than this counts as "not within the horizon". */
  horizonDays: number;
  nItems: number;
  /** Quantile tables of the seven stages, in days, TABLE_SIZE + 1 points each. */
  stageTables: Float64Array;
  /** Per item and stage: the duration multiplier (region, size, work left); 0 for a stage passed. */
  scale: Float64Array;
  /** Per item: days after V before its first remaining stage can start (0 for the pipeline). */
  start: Float64Array;
  /** Per item: the day it came online if it already has (≤ 0), else NaN. */
  fixedOnline: Float64Array;
  region: Int32Array;
  nRegions: number;
  /** Per item: index of the member whose capital it waits on, or -1. */
  funder: Int32Array;
  nFunders: number;
  /** Per item: 1 when it waits on the program's open decisions (venture capacity). */
  gated: Uint8Array;
  mw: Float64Array;
  jobs: Float64Array;
  capital: Float64Array;
  /** Per item: index of its site (for "sites" pledges), or -1. */
  site: Int32Array;
  nSites: number;
  supplySigma: number;
  gridSigma: number;
  financeLate: number;
  financeDrop: number;
  /** Quantile table of the financing delay, in days. */
  financeDelayTable: Float64Array;
  /** Per open decision: quantile table of days to its resolution from V (TABLE_SIZE + 1 points). */
  gateTables: Float64Array;
  /** Per open decision: a fixed resolution day after V (a what-if), or NaN to draw it. */
  gateFixed: Float64Array;
  /** Pledge × policy evaluations: metric 0 = MW, 1 = jobs, 2 = sites. */
  nEvals: number;
  evalMetric: Uint8Array;
  evalTarget: Float64Array;
  evalDeadline: Float64Array;
  /** nEvals × nItems: 1 where the item counts for the evaluation. */
  evalMask: Uint8Array;
  nPolicies: number;
  /** nPolicies × nItems. */
  policyMask: Uint8Array;
  policyTotalMw: Float64Array;
  policyTotalCapital: Float64Array;
  policyTotalJobs: Float64Array;
  /** Days (after V) of each quarter's and each year's end within the horizon. */
  quarterEnds: Float64Array;
  yearEnds: Float64Array;
}

/** Bins of the fan-chart and by-year histograms: bin b stands for b % of the policy's total. */
export const VALUE_BINS = 101;
