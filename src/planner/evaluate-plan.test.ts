import { beforeAll, describe, expect, it } from 'vitest';
import { HighsSolver } from '../solver/highs-solver.js';
import { planInstance, planSite } from '../../test/support/plan-instances.js';
import { evaluatePlan } from './evaluate-plan.js';
import { greedyPlan } from './greedy-plan.js';
import { DEFAULT_SOLVER_OPTIONS } from './milp-solver.js';
import { buildPlanModel, decisionsFromSolution, USD_PER_MODEL_UNIT } from './plan-model.js';
import { randomInstance } from './random-instance.js';

let solver: HighsSolver;
beforeAll(async () => {
  solver = await HighsSolver.load();
});

describe('the independent re-evaluation of plans', () => {
  it.each([1, 2, 3, 4, 5, 6])(
    'finds every constraint satisfied by the solver’s plan and the greedy plan (seed %i)',
    async (seed) => {
      const instance = randomInstance({ sites: 40, seed, targetMw: 4000 });
      // Gate a third of the sites on an open decision, so gating is exercised too.
      instance.decisions.push({
        id: 'gate',
        resolves: '2027-03-01',
        basis: 'default',
        candidates: instance.sites.filter((_, i) => i % 3 === 0).map((s) => s.id),
      });
      const { model, layout } = buildPlanModel(instance);
      const solution = await solver.solve(model, { ...DEFAULT_SOLVER_OPTIONS, mipRelGap: 1e-6 });
      expect(solution.status).toBe('optimal');
      const milp = evaluatePlan(
        instance,
        decisionsFromSolution(instance, layout, solution.colValue as Float64Array),
      );
      expect(milp.violations).toEqual([]);
      expect(milp.cost.totalUsd / USD_PER_MODEL_UNIT).toBeCloseTo(solution.objective as number, 0);
      const greedy = evaluatePlan(instance, greedyPlan(instance));
      expect(greedy.violations).toEqual([]);
      // The optimum is never worse than the heuristic.
      expect(milp.cost.totalUsd).toBeLessThanOrEqual(greedy.cost.totalUsd * (1 + 1e-6));
    },
  );

  it('catches a plan that breaks its constraints', () => {
    const instance = planInstance({
      sites: [planSite('a', { powerMw: [100, 100, 100, 100] })],
      members: [
        { party: 'm', role: 'investor-only', capitalUsd: [1e9, 0, 0, 0], commitments: ['c'] },
      ],
      leases: [{ id: 'l', provider: 'p', maxMw: [50, 50, 50, 50], usdPerMwYear: 1e6 }],
    });
    const evaluation = evaluatePlan(instance, {
      blocks: [[2, 0, 0, 0]],
      open: [false],
      leaseMw: [[60, 0, 0, 0]],
      capexFundingUsd: [[1e9, 0, 0, 0]],
      leaseFundingUsd: [[6e7, 0, 0, 0]],
    });
    expect(evaluation.violations).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/a 2026: 200 MW built exceeds the 100 MW/),
        expect.stringMatching(/a 2026: builds at a site not opened/),
        expect.stringMatching(/l 2026: leases 60 MW of the 50 MW offered/),
        expect.stringMatching(/m 2026: an investor-only member pays lease bills/),
        expect.stringMatching(/2026: members pay 1000000000 USD of 2000000000 USD capex/),
        expect.stringMatching(
          /m 2026: draws 1060000000 USD by then, more than the 1000000000 USD committed/,
        ),
      ]),
    );
  });
});
