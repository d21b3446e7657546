import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbitraryFacts, arbitraryViewPoint } from '../../test/support/arbitrary-facts.js';
import { asRecords } from '../../test/support/ledger-fixtures.js';
import type { Fact } from './fact.js';
import { foldRecords } from './fold.js';
import type { SubjectState } from './subject-state.js';

/** A state without seqs: what must not depend on the order records were appended in. */
function contentOf(states: Map<string, SubjectState>): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [id, state] of [...states].sort(([a], [b]) => a.localeCompare(b))) {
    out[id] = Object.fromEntries(
      Object.entries(state.fields)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([field, c]) => [
          field,
          { value: c.value, valid: c.valid, known: c.known, source: c.source },
        ]),
    );
  }
  return out;
}

function fact(partial: Partial<Fact> & Pick<Fact, 'op' | 'valid' | 'known' | 'payload'>): Fact {
  return {
    kind: 'facility',
    subject: 'f',
    validText: partial.valid,
    source: 's',
    note: undefined,
    assumption: false,
    confidence: 'confirmed',
    text: '',
    factKey:
      `${partial.op}-${partial.valid}-${partial.known}-${JSON.stringify(partial.payload)}`.padEnd(
        64,
        '0',
      ),
    ...partial,
  };
}

describe('foldRecords', () => {
  const created = fact({
    op: 'create',
    valid: '2025-01-21',
    known: '2025-01-21',
    payload: { id: 'f', status: 'announced' },
  });
  const building = fact({
    op: 'update',
    valid: '2025-06-30',
    known: '2025-07-22',
    payload: { status: 'under-construction' },
  });

  it('shows a subject only once its creating record is visible', () => {
    expect(
      foldRecords(asRecords([created]), { asOf: '2025-01-20', knownAt: '2026-01-01' }).size,
    ).toBe(0);
    expect(
      foldRecords(asRecords([created]), { asOf: '2025-01-21', knownAt: '2025-01-20' }).size,
    ).toBe(0);
    expect(
      foldRecords(asRecords([created]), { asOf: '2025-01-21', knownAt: '2025-01-21' }).get('f')
        ?.fields.status?.value,
    ).toBe('announced');
  });

  it('applies an update from its valid time, once it is known', () => {
    const records = asRecords([created, building]);
    expect(
      foldRecords(records, { asOf: '2025-07-01', knownAt: '2025-07-21' }).get('f')?.fields.status
        ?.value,
    ).toBe('announced');
    expect(
      foldRecords(records, { asOf: '2025-07-01', knownAt: '2025-07-22' }).get('f')?.fields.status
        ?.value,
    ).toBe('under-construction');
    expect(
      foldRecords(records, { asOf: '2025-06-29', knownAt: '2025-07-22' }).get('f')?.fields.status
        ?.value,
    ).toBe('announced');
  });

  it('lets a later-known correction of the same valid time win', () => {
    const correction = fact({
      op: 'update',
      valid: '2025-06-30',
      known: '2025-08-01',
      payload: { status: 'permitted' },
    });
    const records = asRecords([created, correction, building]);
    expect(
      foldRecords(records, { asOf: '2025-12-31', knownAt: '2025-07-31' }).get('f')?.fields.status
        ?.value,
    ).toBe('under-construction');
    expect(
      foldRecords(records, { asOf: '2025-12-31', knownAt: '2025-08-01' }).get('f')?.fields.status
        ?.value,
    ).toBe('permitted');
  });

  it('lets an update win over the create it changes on the same day', () => {
    const sameDay = fact({
      op: 'update',
      valid: '2025-01-21',
      known: '2025-01-21',
      payload: { status: 'planned' },
    });
    expect(
      foldRecords(asRecords([created, sameDay]), { asOf: '2025-01-21', knownAt: '2025-01-21' }).get(
        'f',
      )?.fields.status?.value,
    ).toBe('planned');
  });

  it('does not depend on the order in which records were appended', () => {
    fc.assert(
      fc.property(arbitraryFacts, arbitraryViewPoint, fc.integer(), (facts, at, seed) => {
        const shuffled = fc.sample(
          fc.shuffledSubarray(facts, { minLength: facts.length, maxLength: facts.length }),
          { seed, numRuns: 1 },
        )[0] as Fact[];
        const reversed = [...facts].reverse();
        const expected = contentOf(foldRecords(asRecords(facts), at));
        expect(contentOf(foldRecords(asRecords(shuffled), at))).toEqual(expected);
        expect(contentOf(foldRecords(asRecords(reversed), at))).toEqual(expected);
      }),
      { seed: 7, numRuns: 300 },
    );
  });

  it('never loses a fact when known time is raised', () => {
    fc.assert(
      fc.property(arbitraryFacts, arbitraryViewPoint, arbitraryViewPoint, (facts, a, b) => {
        const asOf = a.asOf;
        const [k1, k2] = [a.knownAt, b.knownAt].sort() as [string, string];
        const records = asRecords(facts);
        const before = foldRecords(records, { asOf, knownAt: k1 });
        const after = foldRecords(records, { asOf, knownAt: k2 });
        for (const [id, state] of before) {
          const later = after.get(id);
          expect(later).toBeDefined();
          for (const field of Object.keys(state.fields)) expect(later?.fields[field]).toBeDefined();
        }
      }),
      { seed: 11, numRuns: 300 },
    );
  });
});
