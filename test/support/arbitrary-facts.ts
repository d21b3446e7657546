import fc from 'fast-check';
import type { Fact } from '../../src/ledger/fact.js';
import { withFactKey } from '../../src/ledger/fact.js';
import { sha256 } from '../../src/platform/sha256.js';

const DAYS = [
  '2025-01-21',
  '2025-03-31',
  '2025-06-30',
  '2025-07-21',
  '2025-07-22',
  '2025-12-31',
  '2026-06-30',
];
const FIELDS = ['status', 'capacity_mw', 'note_field'];

/**
 * Random ledgers: a few subjects, each created once, and updates to them with valid times not
 * before the creation and known times anywhere, many of them tied — the cases a fold gets wrong.
 */
export const arbitraryFacts: fc.Arbitrary<Fact[]> = fc
  .record({
    creates: fc.array(
      fc.record({ valid: fc.integer({ min: 0, max: 3 }), known: fc.integer({ min: 0, max: 6 }) }),
      { minLength: 1, maxLength: 4 },
    ),
    updates: fc.array(
      fc.record({
        subject: fc.nat(),
        validOffset: fc.integer({ min: 0, max: 3 }),
        known: fc.integer({ min: 0, max: 6 }),
        field: fc.constantFrom(...FIELDS),
        // Mostly whole numbers, as feeds send; also fractions and text, and now and then a
        // second field: stores may take a shortcut for one numeric field.
        value: fc.oneof(
          { weight: 4, arbitrary: fc.integer({ min: 0, max: 5 }) },
          { weight: 1, arbitrary: fc.constantFrom(2.5, -0.125, 'announced', 'operational') },
        ),
        second: fc.option(
          fc.record({ field: fc.constantFrom(...FIELDS), value: fc.integer({ min: 0, max: 5 }) }),
          { freq: 4 },
        ),
        source: fc.constantFrom('s1', 's2'),
      }),
      { maxLength: 25 },
    ),
  })
  .map(({ creates, updates }) => {
    const facts: Fact[] = creates.map((c, i) =>
      withFactKey(
        {
          kind: 'facility',
          subject: `f${i}`,
          op: 'create',
          validText: DAYS[c.valid] as string,
          valid: DAYS[c.valid] as string,
          known: DAYS[c.known] as string,
          source: 's1',
          payload: { id: `f${i}`, status: 'announced', capacity_mw: 100 * (i + 1) },
          note: undefined,
          assumption: i % 2 === 0,
          confidence: 'confirmed',
        },
        sha256,
      ),
    );
    for (const u of updates) {
      const i = u.subject % creates.length;
      const valid = DAYS[
        Math.min(DAYS.length - 1, (creates[i]?.valid ?? 0) + u.validOffset)
      ] as string;
      facts.push(
        withFactKey(
          {
            kind: 'facility',
            subject: `f${i}`,
            op: 'update',
            validText: valid,
            valid,
            known: DAYS[u.known] as string,
            source: u.source,
            payload: { [u.field]: u.value, ...(u.second && { [u.second.field]: u.second.value }) },
            note: undefined,
            assumption: false,
            confidence: u.source === 's2' ? 'likely' : 'confirmed',
          },
          sha256,
        ),
      );
    }
    // Identical facts are one fact to the ledger: keep the first.
    const seen = new Set<string>();
    return facts.filter((f) => (seen.has(f.factKey) ? false : (seen.add(f.factKey), true)));
  });

export const arbitraryViewPoint = fc.record({
  asOf: fc.constantFrom(...DAYS, '2024-12-31', '2030-01-01'),
  knownAt: fc.constantFrom(...DAYS, '2024-12-31', '2030-01-01'),
});

export { DAYS };
