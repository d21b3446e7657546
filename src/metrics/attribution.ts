import type { SubjectState } from '../ledger/subject-state.js';
import { fieldBoolean, fieldString } from '../ledger/subject-state.js';

/**
 * Which capacity counts for a program.
 * - `venture`: only what the venture itself is party to (`venture_party: true`).
 * - `claimed`: also what a member claims for the program on its own (OpenAI's contracts with Oracle
 *   and CoreWeave, "part of Stargate") — counted only when the claimant is a member.
 */
export const ATTRIBUTION_POLICIES = ['venture', 'claimed'] as const;
export type AttributionPolicy = (typeof ATTRIBUTION_POLICIES)[number];

export function isAttributionPolicy(value: string): value is AttributionPolicy {
  return (ATTRIBUTION_POLICIES as readonly string[]).includes(value);
}

/** Whether a contract or facility counts for `program` under `policy`. */
export function isAttributed(options: {
  subject: SubjectState;
  program: string;
  members: ReadonlySet<string>;
  policy: AttributionPolicy;
}): boolean {
  const { subject, program, members, policy } = options;
  if (fieldString(subject, 'claimed_for') !== program) return false;
  if (fieldBoolean(subject, 'venture_party') === true) return true;
  if (policy === 'venture') return false;
  const claimant =
    fieldString(subject, 'claimed_by') ??
    fieldString(subject, 'buyer') ??
    fieldString(subject, 'developer');
  return claimant !== undefined && members.has(claimant);
}
