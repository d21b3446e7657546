import { beforeAll, describe, expect, it } from 'vitest';
import { HighsSolver } from '../solver/highs-solver.js';
import { planInstance, planSite } from '../../test/support/plan-instances.js';
import { evaluatePlan } from './evaluate-plan.js';
import { DEFAULT_SOLVER_OPTIONS } from './milp-solver.js';
import { buildPlanModel, decisionsFromSolution, USD_PER_MODEL_UNIT } from './plan-model.js';
import { openingIndex, siteCapacityMw, type PlanInstance } from './plan-instance.js';

let solver: HighsSolver;
beforeAll(async () => {
  solver = await HighsSolver.load();
});

async function solvePlan(instance: PlanInstance) {
  const { model, layout } = buildPlanModel(instance);
  const solution = await solver.solve(model, DEFAULT_SOLVER_OPTIONS);
  expect(solution.status).toBe('optimal');
  const decisions = decisionsFromSolution(instance, layout, solution.colValue as Float64Array);
  const evaluation = evaluatePlan(instance, decisions);
  expect(evaluation.violations).toEqual([]);
  // The independent evaluation prices the plan exactly as the solver did.
  expect(evaluation.cost.totalUsd).toBeCloseTo(
    (solution.objective as number) * USD_PER_MODEL_UNIT,
    -3,
  );
  return { decisions, evaluation };
}

describe('the build-out MILP on instances solved by hand', () => {
  it('builds at the cheaper site first', async () => {
    const instance = planInstance({
      sites: [
        planSite('dear', { facilityCapexUsdPerMw: 12e6 }),
        planSite('cheap', { facilityCapexUsdPerMw: 8e6 }),
      ],
    });
    const { decisions, evaluation } = await solvePlan(instance);
    expect(decisions.blocks).toEqual([
      [0, 0, 0, 0],
      [1, 0, 0, 0],
    ]);
    expect(decisions.open).toEqual([false, true]);
    expect(evaluation.cost.capexUsd).toBe(100 * 8e6);
    expect(evaluation.shortfallMwYears).toBe(0);
  });

  it('reads back a site opened without a block, with its opening paid, as opened', async () => {
    // What a solver can return at a loose gap: the dear site opened (and paid for) but unused.
    const instance = planInstance({
      sites: [
        planSite('dear', { facilityCapexUsdPerMw: 12e6, openingCostUsd: 50e6 }),
        planSite('cheap', { facilityCapexUsdPerMw: 8e6 }),
      ],
    });
    const { model, layout } = buildPlanModel(instance);
    const solution = await solver.solve(model, DEFAULT_SOLVER_OPTIONS);
    const colValue = Float64Array.from(solution.colValue as Float64Array);
    const dear = instance.sites[0];
    const a = openingIndex(siteCapacityMw(instance, dear as PlanInstance['sites'][number]));
    expect(a).toBeDefined();
    colValue[layout.open[0] as number] = 1;
    const funding = layout.capexFunding[a as number] as number;
    colValue[funding] = (colValue[funding] ?? 0) + (dear?.openingCostUsd ?? 0) / USD_PER_MODEL_UNIT;
    const decisions = decisionsFromSolution(instance, layout, colValue);
    expect(decisions.open).toEqual([true, true]);
    const evaluation = evaluatePlan(instance, decisions);
    expect(evaluation.violations).toEqual([]);
    expect(evaluation.cost.openingUsd).toBeGreaterThan(0);
  });

  it('moves a block later when the budget is cut', async () => {
    const twoBlocks = { targetMw: [200, 200, 200, 200] };
    const site = planSite('only');
    const funded = await solvePlan(
      planInstance({
        ...twoBlocks,
        sites: [site],
        members: [{ party: 'a', role: 'builder', capitalUsd: [2e9, 0, 0, 0], commitments: ['c'] }],
      }),
    );
    expect(funded.decisions.blocks).toEqual([[2, 0, 0, 0]]);
    // One block's worth ($1B) in the first year, the second a year later.
    const cut = await solvePlan(
      planInstance({
        ...twoBlocks,
        sites: [site],
        members: [
          { party: 'a', role: 'builder', capitalUsd: [1e9, 1e9, 0, 0], commitments: ['c'] },
        ],
      }),
    );
    expect(cut.decisions.blocks).toEqual([[1, 1, 0, 0]]);
    expect(cut.evaluation.capacity.map((c) => c.shortfallMw)).toEqual([100, 0, 0, 0]);
    expect(cut.evaluation.spend[1]?.byMember).toEqual({ a: 1e9 });
  });

  it('leases to fill the gap until a site can be energised', async () => {
    const instance = planInstance({
      sites: [planSite('late', { powerMw: [0, 0, 1000, 1000] })],
      leases: [{ id: 'cloud', provider: 'p', maxMw: [500, 500, 500, 500], usdPerMwYear: 9e6 }],
    });
    const { decisions, evaluation } = await solvePlan(instance);
    // Building ($10M/MW once) beats leasing ($9M/MW each year) for the last two years.
    expect(decisions.blocks).toEqual([[0, 0, 1, 0]]);
    expect(decisions.leaseMw).toEqual([[100, 100, 0, 0]]);
    expect(evaluation.shortfallMwYears).toBe(0);
  });

  it('waits for an open decision before building a site that depends on it', async () => {
    const site = planSite('gated', { buildMonths: 12 });
    const free = await solvePlan(planInstance({ sites: [site] }));
    expect(free.decisions.blocks).toEqual([[1, 0, 0, 0]]);
    // Resolved in mid-2027 plus 12 months of work: energised in 2028 at the earliest.
    const gated = await solvePlan(
      planInstance({
        sites: [site],
        decisions: [
          { id: 'site-selection', resolves: '2027-06-30', basis: 'default', candidates: ['gated'] },
        ],
      }),
    );
    expect(gated.decisions.blocks).toEqual([[0, 0, 1, 0]]);
    expect(gated.evaluation.capacity.map((c) => c.shortfallMw)).toEqual([100, 100, 0, 0]);
  });

  it('reports the shortfall when the target is out of reach, rather than failing', async () => {
    const instance = planInstance({
      sites: [planSite('small', { powerMw: [200, 200, 200, 200] })],
      targetMw: [500, 500, 500, 500],
    });
    const { evaluation } = await solvePlan(instance);
    expect(evaluation.capacity.map((c) => c.shortfallMw)).toEqual([300, 300, 300, 300]);
  });

  it('keeps every limit: construction per year, grid headroom, accelerators', async () => {
    const instance = planInstance({
      sites: [planSite('a'), planSite('b', { region: 'PJM' })],
      targetMw: [400, 400, 400, 400],
      limits: [
        { id: 'build', kind: 'construction', region: undefined, mw: [200, 200, 200, 200] },
        { id: 'grid', kind: 'grid-headroom', region: 'ERCOT', mw: [100, 100, 100, 100] },
      ],
    });
    const { decisions, evaluation } = await solvePlan(instance);
    // ERCOT's grid takes one block in all; no year brings more than two blocks online.
    expect(decisions.blocks[0]?.reduce((a, b) => a + b)).toBeLessThanOrEqual(1);
    for (let t = 0; t < 4; t += 1)
      expect((decisions.blocks[0]?.[t] ?? 0) + (decisions.blocks[1]?.[t] ?? 0)).toBeLessThanOrEqual(
        2,
      );
    expect(evaluation.capacity.map((c) => c.shortfallMw)).toEqual([200, 0, 0, 0]);
  });
});
