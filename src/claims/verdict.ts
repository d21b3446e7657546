/**
 * The verdicts a claim can get, worst to best where they are ordered. `not-yet-verifiable`: the
 * ledger cannot tell yet (a promise about a later date, a pledge not made, nothing measured).
 * `qualitative`: nothing in it can be measured.
 */
export const VERDICTS = [
  'contradicted',
  'partly-supported',
  'supported',
  'not-yet-verifiable',
  'qualitative',
] as const;
export type Verdict = (typeof VERDICTS)[number];

/** schema.org Rating values: 1 (worst) … 5 (best); the unordered verdicts have none. */
export const RATING_VALUE: Record<Verdict, number | null> = {
  contradicted: 1,
  'partly-supported': 3,
  supported: 5,
  'not-yet-verifiable': null,
  qualitative: null,
};

/**
 * A claim's verdict from its assertions' verdicts. Qualitative parts do not dilute measurable ones;
 * parts that cannot be verified yet do not dilute those that can. Among the rest: all supported →
 * supported; all contradicted → contradicted; any other mix → partly supported.
 */
export function combineVerdicts(verdicts: readonly Verdict[]): Verdict {
  const measurable = verdicts.filter((v) => v !== 'qualitative');
  if (measurable.length === 0) return 'qualitative';
  const decided = measurable.filter((v) => v !== 'not-yet-verifiable');
  if (decided.length === 0) return 'not-yet-verifiable';
  if (decided.every((v) => v === 'supported')) return 'supported';
  if (decided.every((v) => v === 'contradicted')) return 'contradicted';
  return 'partly-supported';
}
