import { describe, expect, it } from 'vitest';
import { asRecords, bundledFacts, factsFromText } from '../../test/support/ledger-fixtures.js';
import type { Fact } from '../ledger/fact.js';
import { foldRecords } from '../ledger/fold.js';
import type { SubjectState, ViewPoint } from '../ledger/subject-state.js';
import { ATTRIBUTION_POLICIES, type AttributionPolicy } from '../metrics/attribution.js';
import type { Assertion } from '../model/assertion.js';
import { checkAssertion } from './check-assertion.js';
import { programView, reviewClaim, type ClaimReview, type Knowledge } from './claim-review.js';
import { sayDoGap } from './say-do-gap.js';
import { combineVerdicts } from './verdict.js';

function statesAt(facts: readonly Fact[], at: ViewPoint): SubjectState[] {
  return [...foldRecords(asRecords(facts), at).values()];
}

function reviewAll(facts: readonly Fact[], now: string, program = 'stargate'): ClaimReview[] {
  const present = statesAt(facts, { asOf: now, knownAt: now });
  const parties = new Map(present.map((s) => [s.id, s]));
  return present
    .filter((s) => s.kind === 'claim')
    .map((claim) =>
      reviewClaim({
        claim,
        parties,
        now,
        policies: ATTRIBUTION_POLICIES,
        viewAt: (at, policy) => programView({ states: statesAt(facts, at), at, program, policy }),
      }),
    );
}

const rating = (
  reviews: readonly ClaimReview[],
  id: string,
  [knowledge, policy]: [Knowledge, AttributionPolicy],
) =>
  reviews
    .find((r) => r.identifier === id)
    ?.reviews.find((r) => r.knowledge === knowledge && r.policy === policy);

describe('the bundled Stargate claims', () => {
  const reviews = reviewAll(bundledFacts(), '2026-11-28');

  it("Altman's 10 GW together: contradicted for the venture, partly supported by OpenAI's own 4.5 GW", () => {
    const venture = rating(reviews, 'altman-great-partnership', ['on-the-day', 'venture']);
    expect(venture).toMatchObject({ asOf: '2025-07-20', knownAt: '2025-07-20' });
    expect(venture?.reviewRating).toMatchObject({ alternateName: 'contradicted', ratingValue: 1 });
    expect(venture?.checks[1]).toMatchObject({ actual: 0, asserted: 10000, gap: 10000 });
    // The contract that makes the venture's figure zero is the evidence, though it does not count.
    expect(venture?.evidence.subjects).toEqual(['openai-oracle-coreweave']);
    const claimed = rating(reviews, 'altman-great-partnership', ['on-the-day', 'claimed']);
    expect(claimed?.reviewRating.alternateName).toBe('partly-supported');
    expect(claimed?.checks[1]).toMatchObject({ actual: 4500, gap: 5500 });
  });

  it('the joint statement on speed: no pace for the venture; the claimed pace beats the needed one', () => {
    const venture = rating(reviews, 'joint-statement-scale-speed', ['on-the-day', 'venture']);
    expect(venture?.reviewRating.alternateName).toBe('contradicted');
    const claimed = rating(reviews, 'joint-statement-scale-speed', ['on-the-day', 'claimed']);
    expect(claimed?.reviewRating.alternateName).toBe('supported');
    // 4,500 MW in 181 days against 5,500 MW still needed in 1,624 days.
    expect(claimed?.checks[1]?.actual).toBeCloseTo(4500 / 181 / (5500 / 1624), 6);
  });

  it("Catz's 'not formed yet': supported, there being no entity, contract or passed decision", () => {
    for (const policy of ATTRIBUTION_POLICIES)
      for (const knowledge of ['on-the-day', 'now'] as const)
        expect(
          rating(reviews, 'catz-not-formed-yet', [knowledge, policy])?.reviewRating.alternateName,
        ).toBe('supported');
    // Known now: the open decisions are part of the evidence that governance is unresolved.
    expect(rating(reviews, 'catz-not-formed-yet', ['now', 'venture'])?.evidence.subjects).toEqual(
      expect.arrayContaining(['stargate']),
    );
  });

  it("Son's 'golden age' is qualitative", () => {
    expect(rating(reviews, 'son-golden-age', ['now', 'claimed'])?.reviewRating).toMatchObject({
      alternateName: 'qualitative',
      ratingValue: null,
    });
  });

  it('shapes each review after schema.org ClaimReview, keeping the quote in Korean', () => {
    const altman = reviews.find((r) => r.identifier === 'altman-great-partnership');
    expect(altman).toMatchObject({
      '@type': 'ClaimReview',
      claimReviewed: expect.stringContaining('great partnership'),
      itemReviewed: {
        author: [{ '@type': 'Person', identifier: 'altman', affiliation: 'openai' }],
        datePublished: '2025-07-20',
        datePrecision: 'range',
        inLanguage: 'ko',
        text: expect.stringContaining('훌륭한 협력 관계'),
        appearance: { identifier: 'ge-2025-07-22', sourceKind: 'press-report' },
      },
    });
    expect(altman?.reviews).toHaveLength(4);
    // The assertions are our reading of the quote, recorded as an assumption.
    expect(altman?.basis).toMatchObject({ assumption: true, sources: ['ge-2025-07-22'] });
    expect(altman?.records).toHaveLength(2);
  });

  it('sums the say–do gap per party, a person counting for their organisation', () => {
    const gap = sayDoGap({ program: { id: 'stargate', name: 'Stargate' }, reviews });
    const openai = gap.parties.find((p) => p.id === 'openai');
    expect(openai?.claims.sort()).toEqual([
      'altman-great-partnership',
      'joint-statement-scale-speed',
    ]);
    expect(openai?.ratings.venture).toMatchObject({ contradicted: 2, supported: 0 });
    expect(openai?.gaps).toEqual([
      expect.objectContaining({
        claim: 'altman-great-partnership',
        asserted: 10000,
        actual: { venture: 0, claimed: 4500 },
        gap: { venture: 10000, claimed: 5500 },
      }),
    ]);
    expect(gap.program.claims).toHaveLength(4);
    expect(gap.program.ratings.claimed).toMatchObject({
      supported: 2,
      'partly-supported': 1,
      qualitative: 1,
    });
  });
});

const SMALL = `
format: stargate/v1
sources:
  - { id: s, publisher: P, published: 2025-01-01, kind: press-report }
parties:
  - { id: a, name: A, kind: company, source: s }
  - { id: b, name: B, kind: company, source: s }
programs:
  - { id: p, name: P, announced: 2025-01-01, source: s, members: [{ party: a, roles: [financier] }, { party: b, roles: [operator] }] }
pledges:
  - { id: mw, program: p, by: [a], metric: capacity_mw, target: 1000, deadline: 2026-12-31, made: 2025-01-01, counts_at: contracted, source: s }
sites:
  - { id: tx, name: T, state: TX, grid_region: ERCOT, source: s }
contracts:
  - { id: c1, buyer: a, providers: [b], kind: capacity, capacity_mw: 300, signed: 2025-07-01, claimed_for: p, venture_party: true, source: s }
  - { id: c2, buyer: b, providers: [a], kind: capacity, capacity_mw: 100, signed: 2025-03-01, claimed_for: p, venture_party: false, source: s }
`;

describe('checkAssertion', () => {
  const facts = factsFromText('small.yaml', SMALL);
  const view = (asOf: string, policy: AttributionPolicy = 'venture') => {
    const at = { asOf, knownAt: '2025-12-31' };
    const v = programView({ states: statesAt(facts, at), at, program: 'p', policy });
    if (!v) throw new Error('no program');
    return v;
  };
  const level = (over: Partial<Extract<Assertion, { kind: 'level' }>>): Assertion => ({
    kind: 'level',
    metric: 'capacity_mw',
    comparison: '>=',
    value: 300,
    state: 'contracted',
    ...over,
  });

  it('level ≥: supported when met, partly when short but above zero, contradicted at zero', () => {
    // On 2025-06-30 the venture has nothing; b's own 100 MW is measured but not counted.
    expect(checkAssertion(level({}), view('2025-07-01')).verdict).toBe('supported');
    expect(checkAssertion(level({ value: 600 }), view('2025-07-01')).verdict).toBe(
      'partly-supported',
    );
    expect(checkAssertion(level({}), view('2025-06-30')).verdict).toBe('contradicted');
  });

  it('level ≤, < and = are met or contradicted; = allows 5 % for rounding', () => {
    expect(
      checkAssertion(level({ comparison: '<=', value: 300 }), view('2025-07-01')).verdict,
    ).toBe('supported');
    expect(checkAssertion(level({ comparison: '<', value: 300 }), view('2025-07-01')).verdict).toBe(
      'contradicted',
    );
    expect(checkAssertion(level({ comparison: '=', value: 310 }), view('2025-07-01')).verdict).toBe(
      'supported',
    );
    expect(checkAssertion(level({ comparison: '=', value: 400 }), view('2025-07-01')).verdict).toBe(
      'contradicted',
    );
  });

  it('a level about a later date is not yet verifiable until met', () => {
    const promise = level({ value: 1000, by: '2026-12-31' });
    expect(checkAssertion(promise, view('2025-07-01')).verdict).toBe('not-yet-verifiable');
    expect(
      checkAssertion(level({ value: 200, by: '2026-12-31' }), view('2025-07-01')).verdict,
    ).toBe('supported');
  });

  it('a metric nothing in the ledger measures is not yet verifiable, not contradicted', () => {
    expect(checkAssertion(level({ metric: 'jobs', value: 10 }), view('2025-07-01')).verdict).toBe(
      'not-yet-verifiable',
    );
  });

  it('pace: so far against needed, with the multiple asserted', () => {
    const pace: Assertion = { kind: 'pace', pledge: 'mw' };
    // 2025-07-01: 300 MW in 181 days (605/yr) against 700 MW in 548 days (467/yr).
    expect(checkAssertion(pace, view('2025-07-01'))).toMatchObject({ verdict: 'supported' });
    expect(checkAssertion({ ...pace, value: 2 }, view('2025-07-01')).verdict).toBe(
      'partly-supported',
    );
    expect(checkAssertion(pace, view('2025-06-30')).verdict).toBe('contradicted');
    expect(checkAssertion(pace, view('2025-01-01')).verdict).toBe('not-yet-verifiable');
    expect(checkAssertion({ kind: 'pace', pledge: 'nothing' }, view('2025-07-01')).verdict).toBe(
      'not-yet-verifiable',
    );
  });

  it('formed: no entity and no sign of operation supports "not formed"; a contract makes it partly', () => {
    const notFormed: Assertion = { kind: 'formed', value: false };
    expect(checkAssertion(notFormed, view('2025-06-30')).verdict).toBe('supported');
    expect(checkAssertion(notFormed, view('2025-07-01')).verdict).toBe('partly-supported');
    expect(checkAssertion({ kind: 'formed', value: true }, view('2025-06-30')).verdict).toBe(
      'contradicted',
    );
  });
});

describe('combineVerdicts', () => {
  it('lets neither qualitative nor unverifiable parts dilute the measurable ones', () => {
    expect(combineVerdicts([])).toBe('qualitative');
    expect(combineVerdicts(['qualitative', 'contradicted'])).toBe('contradicted');
    expect(combineVerdicts(['not-yet-verifiable', 'supported'])).toBe('supported');
    expect(combineVerdicts(['not-yet-verifiable', 'qualitative'])).toBe('not-yet-verifiable');
    expect(combineVerdicts(['supported', 'contradicted'])).toBe('partly-supported');
    expect(combineVerdicts(['supported', 'partly-supported'])).toBe('partly-supported');
    expect(combineVerdicts(['supported', 'supported'])).toBe('supported');
  });
});
