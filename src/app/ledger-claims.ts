import type { SubjectState, ViewPoint } from '../ledger/subject-state.js';
import { fieldString } from '../ledger/subject-state.js';
import type { ProgramView } from '../claims/check-assertion.js';
import {
  programView,
  reviewClaim,
  reviewPoints,
  type ClaimReview,
} from '../claims/claim-review.js';
import { sayDoGap, type SayDoGap } from '../claims/say-do-gap.js';
import type { AttributionPolicy } from '../metrics/attribution.js';
import { StargateError } from '../errors.js';
import type { LedgerStore } from '../store/ledger-store.js';
import { resolveProgram } from './resolve-program.js';

export interface ClaimsView {
  program: string;
  /** "Now": the known time of the hindsight reviews. */
  now: string;
  policies: AttributionPolicy[];
  claims: ClaimReview[];
  sayDo: SayDoGap;
}

/**
 * Every claim about a program, reviewed under each policy on what was known the day it was made and
 * on what is known `now`. Reads the ledger once per distinct (V, K) the claims need.
 */
export async function ledgerClaims(options: {
  store: LedgerStore;
  now: string;
  policies: readonly AttributionPolicy[];
  program?: string | undefined;
  /** Only these claims (by id). */
  only?: readonly string[] | undefined;
}): Promise<ClaimsView> {
  const { store, now } = options;
  const present: ViewPoint = { asOf: now, knownAt: now };
  const states = await store.statesAt(present);
  const program = resolveProgram({ states, program: options.program, at: present });
  const byId = new Map(states.map((s) => [s.id, s]));
  let claims = states
    .filter((s) => s.kind === 'claim' && fieldString(s, 'program') === program)
    .sort((a, b) => a.created.valid.localeCompare(b.created.valid) || a.id.localeCompare(b.id));
  if (options.only) {
    const missing = options.only.filter((id) => !claims.some((c) => c.id === id));
    if (missing.length > 0) {
      throw new StargateError(
        'not-found',
        `no claim ${missing.map((m) => `"${m}"`).join(', ')} about ${program}`,
      );
    }
    claims = claims.filter((c) => options.only?.includes(c.id));
  }

  const pointStates = new Map<string, readonly SubjectState[]>();
  for (const claim of claims)
    for (const at of Object.values(reviewPoints(claim, now))) {
      const key = `${at.asOf}|${at.knownAt}`;
      if (!pointStates.has(key)) pointStates.set(key, await store.statesAt(at));
    }
  const views = new Map<string, ProgramView | undefined>();
  const viewAt = (at: ViewPoint, policy: AttributionPolicy) => {
    const key = `${at.asOf}|${at.knownAt}|${policy}`;
    if (!views.has(key))
      views.set(
        key,
        programView({
          states: pointStates.get(`${at.asOf}|${at.knownAt}`) ?? [],
          at,
          program,
          policy,
        }),
      );
    return views.get(key);
  };
  const reviews = claims.map((claim) =>
    reviewClaim({ claim, parties: byId, now, policies: options.policies, viewAt }),
  );
  const programState = byId.get(program);
  return {
    program,
    now,
    policies: [...options.policies],
    claims: reviews,
    sayDo: sayDoGap({
      program: {
        id: program,
        name: programState ? (fieldString(programState, 'name') ?? program) : program,
      },
      reviews,
    }),
  };
}
