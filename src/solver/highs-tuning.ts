// Apart from highs-solver.ts so that the main thread can name the tuning without loading HiGHS.

/**
 * HiGHS options by their native names, plus options that apply to small models only: a key
 * `small_model.<option>` sets `<option>` on a model with at most `small_model.max_integer_columns`
 * integer columns. The rule is data, so that a plan run records it (and hashes it with its inputs)
 * as it records any other option, and the same instance always gets the same options.
 */
export type HighsTuning = Readonly<Record<string, boolean | number | string>>;

const SMALL_MODEL = 'small_model.';
const SMALL_MODEL_LIMIT = `${SMALL_MODEL}max_integer_columns`;

/**
 * The planner's HiGHS tuning, measured on the benchmark's generated instances (bench/README.md,
 * "Planner"); HiGHS's defaults otherwise.
 *
 * - The shifting heuristic (off by default) runs at the root and finds an incumbent within 0.3% of
 *   the optimum on most instances; without it HiGHS finds nothing better than 25% off until a
 *   RENS/RINS sub-MIP ends 1–2 s later, which is most of its time to 1%. Seeds 1–6 at S = 1,000:
 *   median time to 1% 2.1 s → 0.4 s; it also helps at S = 3,000 and is neutral at S = 200.
 * - The root reduced-cost heuristic (on by default) is switched off on small models. There the
 *   bound is within 1% after the first LP, and the time to 1% is the wait for an incumbent; the
 *   reduced-cost heuristic fixes few columns of a small model, so its sub-MIP is nearly the model
 *   itself and nests 8–14 deep (0.6 s of a 1.0 s solve at S = 200, seed 1). Switched off, time to
 *   1% at S = 200 falls on 10 of 15 seeds and is never more than 0.07 s longer (seeds 1–5: median
 *   1.6 s → 0.7 s), and none stalls; at S = 500, 1,000 and 2,000 likewise. On large models it is what finds the first
 *   incumbent: at S = 3,000 (16,473 integer columns) switching it off made seed 5 run into the
 *   30 s limit. Hence the limit at 8,000 integer columns (S ≈ 1,450), below every size where it
 *   hurt by a factor of two; the sizes in between were not measured beyond S = 2,000.
 * - Measured and not kept: presolve off (slows the 0.01% proofs), the ZI-round heuristic,
 *   symmetry detection off, RINS/RENS/feasibility jump off, `mip_heuristic_effort` 0.05–0.5.
 */
export const HIGHS_PLANNER_TUNING: HighsTuning = {
  mip_heuristic_run_shifting: true,
  [SMALL_MODEL_LIMIT]: 8000,
  [`${SMALL_MODEL}mip_heuristic_run_root_reduced_cost`]: false,
};

/**
 * The HiGHS options a tuning sets on a model with `integerColumns` integer columns.
 *
 * @example
 * highsOptionsFor({ a: 1, 'small_model.max_integer_columns': 10, 'small_model.b': false }, 5)
 * // → { a: 1, b: false }
 */
export function highsOptionsFor(
  tuning: HighsTuning,
  integerColumns: number,
): Record<string, boolean | number | string> {
  const limit = tuning[SMALL_MODEL_LIMIT];
  const isSmall = typeof limit === 'number' && integerColumns <= limit;
  const options: Record<string, boolean | number | string> = {};
  for (const [key, value] of Object.entries(tuning)) {
    if (!key.startsWith(SMALL_MODEL)) options[key] = value;
    else if (isSmall && key !== SMALL_MODEL_LIMIT) options[key.slice(SMALL_MODEL.length)] = value;
  }
  return options;
}
