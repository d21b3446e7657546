import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { META_KEYS } from '../model/confidence.js';
import { SUBJECT_KIND_SPECS, SUBJECT_KINDS } from '../model/subject-kind.js';
import { updateSetIssues } from './plan-facts.js';

/** The schema an update's set must fit, built the obvious way: the whole object, parsed at once. */
function wholeObjectVerdict(kind: (typeof SUBJECT_KINDS)[number], set: unknown): boolean {
  const schema = SUBJECT_KIND_SPECS[kind].schema;
  const omit: Record<string, true> = { id: true };
  for (const k of META_KEYS) if (k in schema.shape) omit[k] = true;
  return schema.omit(omit).partial().strict().safeParse(set).success;
}

const kind = fc.constantFrom(...SUBJECT_KINDS);
const value = fc.oneof(
  fc.constantFrom(
    'planned',
    'operational',
    'nope',
    'fac-1',
    'bad id',
    '2025-07-21',
    '2025-13-40',
    2029,
    -1,
    0.5,
    1e12,
    true,
    null,
    [],
    {},
  ),
  fc.constant([{ status: 'planned', actual: '2026-01-01' }]),
  fc.constant([{ status: 'planned', extra: 1 }]),
  fc.jsonValue(),
);
const fieldOf = (k: (typeof SUBJECT_KINDS)[number]) =>
  fc.oneof(
    fc.constantFrom(...Object.keys(SUBJECT_KIND_SPECS[k].schema.shape)),
    fc.constantFrom('extra', '__proto__', 'constructor', 'toString'),
    fc.string(),
  );
const kindAndSet = kind.chain((k) =>
  fc.tuple(fc.constant(k), fc.dictionary(fieldOf(k), value, { minKeys: 1, maxKeys: 4 })),
);

describe('updateSetIssues', () => {
  it('accepts a set exactly when the whole strict, partial object schema does', () => {
    fc.assert(
      fc.property(kindAndSet, ([k, set]) => {
        expect(updateSetIssues(k, set) === undefined).toBe(wholeObjectVerdict(k, set));
      }),
      { numRuns: 5000, seed: 20250121 },
    );
  });

  it("reports zod's issues for the whole set, with their paths", () => {
    const issues = updateSetIssues('facility', { capacity_mw: -5, colour: 'red' });
    expect(issues?.map((i) => i.path.join('.')).sort()).toEqual(['', 'capacity_mw']);
  });

  it('accepts the common facility updates', () => {
    expect(updateSetIssues('facility', { capacity_mw: 1200 })).toBeUndefined();
    expect(updateSetIssues('facility', { status: 'permitted', jobs: 40 })).toBeUndefined();
  });
});
