import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.js';
import { sha256 } from '../platform/sha256.js';
import {
  factKeyText,
  factToFoldable,
  withDeferredFactKey,
  withFactKey,
  type FactContent,
} from './fact.js';

// Any UTF-16 text, lone surrogates and control characters included, as well as plain ids.
const text = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }));
const content: fc.Arbitrary<FactContent> = fc.record({
  kind: fc.constantFrom('facility', 'pledge', 'source'),
  subject: text,
  op: fc.constantFrom('create', 'update'),
  validText: text,
  valid: text,
  known: text,
  source: text,
  // The usual one-field payloads (any number, including -0 and 1e21, or any text) and any other.
  payload: fc.oneof(
    fc.dictionary(text, fc.jsonValue()),
    fc.dictionary(
      text,
      fc.oneof(
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        text,
        fc.constantFrom(-0, 1e21, 5e-324),
      ),
      {
        minKeys: 1,
        maxKeys: 1,
      },
    ),
  ),
  note: fc.option(text, { nil: undefined }),
  assumption: fc.boolean(),
  confidence: fc.constantFrom('confirmed', 'likely', 'speculative'),
});

describe('factKeyText', () => {
  it('is the canonical JSON of the fact content', () => {
    fc.assert(
      fc.property(content, (fact) => {
        const {
          kind,
          subject,
          op,
          validText,
          valid,
          known,
          source,
          payload,
          note,
          assumption,
          confidence,
        } = fact;
        expect(factKeyText(fact)).toBe(
          canonicalJson({
            kind,
            subject,
            op,
            validText,
            valid,
            known,
            source,
            payload,
            note,
            assumption,
            confidence,
          }),
        );
      }),
      { seed: 13, numRuns: 2000 },
    );
  });
});

describe('withDeferredFactKey', () => {
  it('gives the same text and fact key as withFactKey, whichever is read first and however often', () => {
    fc.assert(
      fc.property(content, fc.boolean(), (fact, keyFirst) => {
        const eager = withFactKey(fact, sha256);
        const deferred = withDeferredFactKey(fact, sha256);
        if (keyFirst) expect(deferred.factKey).toBe(eager.factKey);
        expect(deferred.text).toBe(eager.text);
        expect(deferred.text).toBe(eager.text);
        expect(deferred.factKey).toBe(eager.factKey);
        expect(factToFoldable(deferred, 7)).toEqual(factToFoldable(eager, 7));
      }),
      { seed: 17, numRuns: 300 },
    );
  });
});
