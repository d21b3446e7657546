import { describe, expect, it } from 'vitest';
import { planInstance, planSite } from '../../test/support/plan-instances.js';
import { referencePlanModel } from '../../test/support/reference-plan-model.js';
import type { MilpModel } from './milp-model.js';
import type { PlanInstance } from './plan-instance.js';
import { buildPlanModel } from './plan-model.js';
import { randomInstance } from './random-instance.js';

/** Every array of both models, element by element (bitwise for the floating-point ones). */
function expectSameModel(actual: MilpModel, expected: MilpModel): void {
  expect(actual.numCols).toBe(expected.numCols);
  expect(actual.numRows).toBe(expected.numRows);
  expect(actual.offset).toBe(expected.offset);
  for (const key of [
    'colCost',
    'colLower',
    'colUpper',
    'integrality',
    'rowLower',
    'rowUpper',
    'starts',
    'indices',
    'values',
  ] as const) {
    expect(actual[key].constructor, key).toBe(expected[key].constructor);
    expect(Array.from(actual[key]), key).toEqual(Array.from(expected[key]));
  }
}

describe('buildPlanModel writes the same model as the tuple-based builder it replaced', () => {
  for (const sites of [50, 200])
    for (const seed of [1, 2, 3, 4, 5])
      it(`on the benchmark's instance S = ${sites}, seed ${seed}`, () => {
        const instance = randomInstance({ sites, seed });
        expectSameModel(buildPlanModel(instance).model, referencePlanModel(instance));
      });

  it('on the S = 1,000 benchmark instance of seed 1', () => {
    const instance = randomInstance({ sites: 1000, seed: 1 });
    expectSameModel(buildPlanModel(instance).model, referencePlanModel(instance));
  });

  const variants: [string, PlanInstance][] = [
    [
      'gates, an investor-only developer, existing capacity and unlimited years',
      planInstance({
        sites: [
          planSite('a', { powerMw: [0, 400, 900, 900], openingCostUsd: 2e8 }),
          planSite('b', { region: 'PJM', developer: 'inv', powerMw: [500, 500, 500, 500] }),
          planSite('c', { region: 'PJM', powerMw: [300, 300, 800, 1200] }),
          planSite('tiny', { powerMw: [50, 50, 50, 50] }),
        ],
        members: [
          { party: 'b1', role: 'builder', capitalUsd: [1e9, 2e9, 0, 3e9], commitments: ['c1'] },
          { party: 'inv', role: 'investor-only', capitalUsd: [5e8, 0, 0, 0], commitments: ['c2'] },
        ],
        leases: [
          { id: 'l1', provider: 'p', maxMw: [100, 0, 200, 200], usdPerMwYear: 9e6 },
          { id: 'free', provider: 'q', maxMw: [0, 50, 0, 0], usdPerMwYear: 0 },
        ],
        limits: [
          { id: 'build', kind: 'construction', region: undefined, mw: [200, undefined, 300, 300] },
          { id: 'grid', kind: 'grid-headroom', region: 'PJM', mw: [100, 200, undefined, 400] },
          { id: 'gpu', kind: 'accelerator-supply', region: undefined, mw: [150, 150, 150, 150] },
          { id: 'nowhere', kind: 'construction', region: 'MISO', mw: [100, 100, 100, 100] },
        ],
        decisions: [{ id: 'sel', resolves: '2027-03-01', basis: 'default', candidates: ['c'] }],
        targetMw: [100, 300, 600, 900],
        existingMw: [0, 100, 100, 100],
      }),
    ],
    ['no members (capital not limited) and no leases', planInstance({ sites: [planSite('x')] })],
    [
      'leases whose only priced offer is absent in some years',
      planInstance({
        sites: [planSite('x')],
        members: [
          { party: 'm', role: 'builder', capitalUsd: [1e9, 1e9, 1e9, 1e9], commitments: ['c'] },
        ],
        leases: [
          { id: 'priced', provider: 'p', maxMw: [100, 0, 0, 100], usdPerMwYear: 9e6 },
          { id: 'free', provider: 'q', maxMw: [100, 100, 100, 100], usdPerMwYear: 0 },
        ],
      }),
    ],
  ];
  for (const [name, instance] of variants)
    it(`with ${name}`, () => {
      expectSameModel(buildPlanModel(instance).model, referencePlanModel(instance));
    });
});
