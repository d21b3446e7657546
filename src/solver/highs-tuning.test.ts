import { describe, expect, it } from 'vitest';
import { HighsSolver } from './highs-solver.js';
import { HIGHS_PLANNER_TUNING, highsOptionsFor } from './highs-tuning.js';
import { buildPlanModel } from '../planner/plan-model.js';
import { randomInstance } from '../planner/random-instance.js';

describe('highsOptionsFor', () => {
  const tuning = {
    mip_heuristic_run_shifting: true,
    'small_model.max_integer_columns': 100,
    'small_model.mip_heuristic_run_root_reduced_cost': false,
  };

  it('adds the small-model options up to the limit, without their prefix', () => {
    expect(highsOptionsFor(tuning, 100)).toEqual({
      mip_heuristic_run_shifting: true,
      mip_heuristic_run_root_reduced_cost: false,
    });
  });

  it('leaves them out above the limit, and never passes the limit itself to HiGHS', () => {
    expect(highsOptionsFor(tuning, 101)).toEqual({ mip_heuristic_run_shifting: true });
  });

  it('applies no small-model option when the tuning sets no limit', () => {
    expect(highsOptionsFor({ 'small_model.presolve': 'off', a: 1 }, 0)).toEqual({ a: 1 });
  });

  it("puts the benchmark's S = 200 and 1,000 models under the planner's limit, and S = 3,000 over it", () => {
    const integerColumns = (sites: number) =>
      buildPlanModel(randomInstance({ sites, seed: 1 })).model.integrality.reduce(
        (n, v) => n + v,
        0,
      );
    const small = Object.keys(highsOptionsFor(HIGHS_PLANNER_TUNING, integerColumns(1000)));
    const large = Object.keys(highsOptionsFor(HIGHS_PLANNER_TUNING, integerColumns(3000)));
    expect(highsOptionsFor(HIGHS_PLANNER_TUNING, integerColumns(200))).toEqual({
      mip_heuristic_run_shifting: true,
      mip_heuristic_run_root_reduced_cost: false,
    });
    expect(small).toContain('mip_heuristic_run_root_reduced_cost');
    expect(large).toEqual(['mip_heuristic_run_shifting']);
  });

  it('names only options HiGHS accepts, on either side of the limit', async () => {
    const solver = await HighsSolver.load();
    const { model } = buildPlanModel(randomInstance({ sites: 5, seed: 1 }));
    const options = { timeLimitSeconds: 10, mipRelGap: 0.01, threads: 1, seed: 0 };
    const solution = await solver.solve(model, options);
    expect(solution.status).toBe('optimal');
    const large = await HighsSolver.load({
      tuning: { ...HIGHS_PLANNER_TUNING, 'small_model.max_integer_columns': 0 },
    });
    expect((await large.solve(model, options)).status).toBe('optimal');
  });
});
