import type { AttributionPolicy } from '../metrics/attribution.js';
import type { ClaimReview } from './claim-review.js';
import { VERDICTS, type Verdict } from './verdict.js';

export interface LevelGap {
  claim: string;
  said: string;
  metric: string;
  state: string | null;
  comparison: string;
  asserted: number;
  /** What the ledger showed on the day, by policy. */
  actual: Partial<Record<AttributionPolicy, number>>;
  /** asserted − actual, by policy. */
  gap: Partial<Record<AttributionPolicy, number>>;
}

export interface SayDoRecord {
  /** A party (a speaker, a co-speaker, or the organisation of a speaking person), or the program. */
  id: string;
  name: string;
  claims: string[];
  /** Verdicts on the day, by policy: how many claims got each. */
  ratings: Partial<Record<AttributionPolicy, Record<Verdict, number>>>;
  gaps: LevelGap[];
}

export interface SayDoGap {
  program: SayDoRecord;
  parties: SayDoRecord[];
}

/**
 * What each party said against what the ledger showed the same day: its claims, how they rated on
 * the day under each policy, and for every level assertion the gap between the figure asserted and
 * the figure recorded. A person's claims count for their organisation too. Pure.
 */
export function sayDoGap(options: {
  program: { id: string; name: string };
  reviews: readonly ClaimReview[];
}): SayDoGap {
  const program = emptyRecord(options.program.id, options.program.name);
  const parties = new Map<string, SayDoRecord>();
  for (const review of options.reviews) {
    const ids = new Set<string>();
    const names = new Map<string, string>();
    for (const author of review.itemReviewed.author) {
      ids.add(author.identifier);
      names.set(author.identifier, author.name);
      if (author.affiliation) ids.add(author.affiliation);
    }
    const gaps = levelGaps(review);
    for (const id of [...ids].sort()) {
      let record = parties.get(id);
      if (!record) parties.set(id, (record = emptyRecord(id, names.get(id) ?? id)));
      add(record, review, gaps);
    }
    add(program, review, gaps);
  }
  return {
    program,
    parties: [...parties.values()].sort(
      (a, b) => b.claims.length - a.claims.length || a.id.localeCompare(b.id),
    ),
  };
}

function emptyRecord(id: string, name: string): SayDoRecord {
  return { id, name, claims: [], ratings: {}, gaps: [] };
}

function add(record: SayDoRecord, review: ClaimReview, gaps: readonly LevelGap[]): void {
  record.claims.push(review.identifier);
  for (const r of review.reviews) {
    if (r.knowledge !== 'on-the-day') continue;
    let counts = record.ratings[r.policy];
    if (!counts)
      record.ratings[r.policy] = counts = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<
        Verdict,
        number
      >;
    counts[r.reviewRating.alternateName] += 1;
  }
  record.gaps.push(...gaps);
}

function levelGaps(review: ClaimReview): LevelGap[] {
  const gaps: LevelGap[] = [];
  review.assertions.forEach((assertion, index) => {
    if (assertion.kind !== 'level') return;
    const gap: LevelGap = {
      claim: review.identifier,
      said: review.itemReviewed.dateText,
      metric: assertion.metric,
      state: assertion.state ?? null,
      comparison: assertion.comparison,
      asserted: assertion.value,
      actual: {},
      gap: {},
    };
    for (const r of review.reviews) {
      if (r.knowledge !== 'on-the-day') continue;
      const check = r.checks[index];
      if (typeof check?.actual !== 'number') continue;
      gap.actual[r.policy] = check.actual;
      gap.gap[r.policy] = assertion.value - check.actual;
    }
    gaps.push(gap);
  });
  return gaps;
}
