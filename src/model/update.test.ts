import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPlainUpdate, Update } from './update.js';

const field = fc.oneof(
  fc.constantFrom(
    'subject',
    'at',
    'set',
    'source',
    'known',
    'note',
    'assumption',
    'confidence',
    'extra',
    '__proto__',
  ),
  fc.string(),
);
const value = fc.oneof(
  fc.constantFrom(
    'fac-1',
    'src',
    '2025-07-21',
    '2025-13-40',
    '2025-07',
    2029,
    2029.5,
    '',
    ' x',
    'likely',
    'sure',
    true,
    null,
  ),
  fc.constant({ status: 'planned' }),
  fc.constant({}),
  fc.constant([]),
  fc.constant({ by: '2025-07-21' }),
  fc.jsonValue(),
);
const updateLike = fc.oneof(
  fc.dictionary(field, value),
  fc.record(
    {
      subject: fc.constantFrom('fac-1', 'bad id', ''),
      at: value,
      set: value,
      source: fc.constantFrom('src', '-x'),
      known: value,
      confidence: value,
    },
    { requiredKeys: ['subject', 'at', 'set', 'source'] },
  ),
);

describe('isPlainUpdate', () => {
  it('accepts a plain update', () => {
    expect(
      isPlainUpdate({
        subject: 'fac-1',
        at: '2025-07-21',
        set: { status: 'planned' },
        source: 'src',
        known: 2025,
      }),
    ).toBe(true);
  });

  it('never accepts what the Update schema rejects', () => {
    fc.assert(
      fc.property(updateLike, (candidate) => {
        if (isPlainUpdate(candidate)) expect(Update.safeParse(candidate).success).toBe(true);
      }),
      { seed: 5, numRuns: 5000 },
    );
  });
});
