import type { SubjectState, ViewPoint } from '../ledger/subject-state.js';
import { fieldDate, fieldString, fieldStrings } from '../ledger/subject-state.js';
import type { AttributionPolicy } from '../metrics/attribution.js';
import { EvidenceBuilder, type Basis } from '../metrics/basis.js';
import { programFigures } from '../metrics/program-figures.js';
import type { SourceKind } from '../model/source.js';
import type { Assertion } from '../model/assertion.js';
import { checkAssertion, type AssertionCheck, type ProgramView } from './check-assertion.js';
import { combineVerdicts, RATING_VALUE, type Verdict } from './verdict.js';

/** A claim is judged twice: on what was known the day it was made, and on what is known now. */
export const KNOWLEDGE = ['on-the-day', 'now'] as const;
export type Knowledge = (typeof KNOWLEDGE)[number];

export interface Author {
  '@type': 'Person' | 'Organization';
  identifier: string;
  name: string;
  affiliation: string | null;
}

export interface Review {
  policy: AttributionPolicy;
  knowledge: Knowledge;
  asOf: string;
  knownAt: string;
  reviewRating: {
    '@type': 'Rating';
    alternateName: Verdict;
    ratingValue: number | null;
    bestRating: 5;
    worstRating: 1;
    ratingExplanation: string;
  };
  checks: AssertionCheck[];
  /** Every record and subject the checks rest on. */
  evidence: { records: number[]; subjects: string[] };
}

/** Shaped after schema.org ClaimReview: the claim, its author and date, a rating with evidence. */
export interface ClaimReview {
  '@context': 'https://schema.org';
  '@type': 'ClaimReview';
  identifier: string;
  claimReviewed: string;
  itemReviewed: {
    '@type': 'Claim';
    author: Author[];
    datePublished: string;
    dateText: string;
    datePrecision: string;
    text: string;
    inLanguage: string;
    rendering: string | null;
    setting: string | null;
    appearance: {
      '@type': 'CreativeWork';
      identifier: string;
      name: string | null;
      publisher: string | null;
      url: string | null;
      datePublished: string | null;
      sourceKind: string | null;
    };
  };
  program: string;
  assertions: Assertion[];
  reviews: Review[];
  /** The claim's own records: the statement and the reading of it as assertions. */
  records: number[];
  /** Their basis: `assumption` is true when the assertions are our reading, not the speaker's words. */
  basis: Basis;
}

interface Quote {
  original: string;
  language: string;
  rendering?: string;
}

/** The (V, K) points a claim is judged at: V is the day it was made (the end of its date). */
export function reviewPoints(claim: SubjectState, now: string): Record<Knowledge, ViewPoint> {
  const said = fieldDate(claim, 'said')?.end ?? claim.created.valid;
  return {
    'on-the-day': { asOf: said, knownAt: said },
    now: { asOf: said, knownAt: now < said ? said : now },
  };
}

/** A program as seen at one (V, K) under one policy; undefined when the program is not known yet. */
export function programView(options: {
  states: readonly SubjectState[];
  at: ViewPoint;
  program: string;
  policy: AttributionPolicy;
}): ProgramView | undefined {
  const byId = new Map(options.states.map((s) => [s.id, s]));
  const program = byId.get(options.program);
  if (!program || program.kind !== 'program') return undefined;
  return {
    at: options.at,
    program,
    states: options.states,
    byId,
    figures: programFigures({
      byId,
      states: options.states,
      program,
      policy: options.policy,
      evidence: true,
    }),
  };
}

/**
 * Review one claim under every policy, on the day and now. `viewAt` supplies the program view at a
 * point (the caller reads the ledger); `parties` names the speakers. Pure.
 */
export function reviewClaim(options: {
  claim: SubjectState;
  parties: ReadonlyMap<string, SubjectState>;
  now: string;
  policies: readonly AttributionPolicy[];
  viewAt: (at: ViewPoint, policy: AttributionPolicy) => ProgramView | undefined;
}): ClaimReview {
  const { claim, parties } = options;
  const quote = claim.fields.quote?.value as Quote;
  const said = fieldDate(claim, 'said');
  const assertions = (claim.fields.asserts?.value as Assertion[] | undefined) ?? [];
  const points = reviewPoints(claim, options.now);
  const source = parties.get(claim.created.source);
  const speakers = [fieldString(claim, 'speaker'), ...fieldStrings(claim, 'with')].filter(
    (p): p is string => p !== undefined,
  );

  const ownEvidence = new EvidenceBuilder(true);
  ownEvidence.add(claim.id, [claim.created, ...Object.values(claim.fields)]);
  const own = ownEvidence.finish((id) => {
    const s = parties.get(id);
    return s ? (fieldString(s, 'kind') as SourceKind | undefined) : undefined;
  });

  const reviews: Review[] = [];
  for (const knowledge of KNOWLEDGE) {
    for (const policy of options.policies) {
      const at = points[knowledge];
      const view = options.viewAt(at, policy);
      const checks: AssertionCheck[] = view
        ? assertions.map((a) => checkAssertion(a, view))
        : assertions.map((a) => ({
            kind: a.kind,
            verdict: a.kind === 'qualitative' ? 'qualitative' : 'not-yet-verifiable',
            actual: null,
            asserted: null,
            gap: null,
            reason: 'the program is not in the ledger at this point',
            evidence: {
              records: [],
              subjects: [],
              basis: { assumption: false, confidence: 'confirmed', sourceKinds: [], sources: [] },
            },
          }));
      const verdict = combineVerdicts(checks.map((c) => c.verdict));
      const records = new Set<number>();
      const subjects = new Set<string>();
      for (const c of checks) {
        for (const r of c.evidence.records ?? []) records.add(r);
        for (const s of c.evidence.subjects ?? []) subjects.add(s);
      }
      reviews.push({
        policy,
        knowledge,
        asOf: at.asOf,
        knownAt: at.knownAt,
        reviewRating: {
          '@type': 'Rating',
          alternateName: verdict,
          ratingValue: RATING_VALUE[verdict],
          bestRating: 5,
          worstRating: 1,
          ratingExplanation:
            assertions.length === 0
              ? 'no checkable assertion is recorded for this claim'
              : checks
                  .filter((c) => c.kind !== 'qualitative')
                  .map((c) => `${c.kind}: ${c.verdict} (${c.reason})`)
                  .join('; ') || 'nothing in it can be measured',
        },
        checks,
        evidence: {
          records: [...records].sort((a, b) => a - b),
          subjects: [...subjects].sort(),
        },
      });
    }
  }

  return {
    '@context': 'https://schema.org',
    '@type': 'ClaimReview',
    identifier: claim.id,
    claimReviewed: quote.rendering ?? quote.original,
    itemReviewed: {
      '@type': 'Claim',
      author: speakers.map((id) => authorOf(id, parties)),
      datePublished: said?.end ?? claim.created.valid,
      dateText: said?.text ?? claim.created.validText,
      datePrecision: said?.precision ?? 'day',
      text: quote.original,
      inLanguage: quote.language,
      rendering: quote.rendering ?? null,
      setting: fieldString(claim, 'setting') ?? null,
      appearance: {
        '@type': 'CreativeWork',
        identifier: claim.created.source,
        name: source ? (fieldString(source, 'title') ?? null) : null,
        publisher: source ? (fieldString(source, 'publisher') ?? null) : null,
        url: source ? (fieldString(source, 'url') ?? null) : null,
        datePublished: source ? (fieldDate(source, 'published')?.text ?? null) : null,
        sourceKind: source ? (fieldString(source, 'kind') ?? null) : null,
      },
    },
    program: fieldString(claim, 'program') ?? '',
    assertions,
    reviews,
    records: own.records ?? [],
    basis: own.basis,
  };
}

function authorOf(id: string, parties: ReadonlyMap<string, SubjectState>): Author {
  const party = parties.get(id);
  return {
    '@type': party && fieldString(party, 'kind') === 'person' ? 'Person' : 'Organization',
    identifier: id,
    name: party ? (fieldString(party, 'name') ?? id) : id,
    affiliation: party ? (fieldString(party, 'organisation') ?? null) : null,
  };
}
