// Apart from highs-solver.ts so that the main thread can name the tuning without loading HiGHS.
export type HighsTuning = Readonly<Record<string, boolean | number | string>>;

/**
 * The planner's HiGHS tuning. HiGHS's shifting heuristic (off by default) runs at the root and
 * finds an incumbent within 0.3% of the optimum on the benchmark's instances; without it HiGHS
 * finds nothing better than 25% off until a RENS/RINS sub-MIP ends 1–2 s later, which is most of
 * its time to 1% (bench/README.md, "Planner"). Measured over seeds 1–6 at S = 1,000: median time
 * to 1% 2.1 s → 0.4 s; at S = 3,000 it also helps; at S = 200 it is neutral. Presolve off and the
 * ZI-round heuristic were measured too and are not kept (presolve off slows the 0.01% proofs), as
 * was switching off the root reduced-cost heuristic: 0.4 s faster at S = 200, but it is what finds
 * the incumbent at S = 3,000 seed 5, which then stalled at the root for 40 s.
 */
export const HIGHS_PLANNER_TUNING: HighsTuning = { mip_heuristic_run_shifting: true };
