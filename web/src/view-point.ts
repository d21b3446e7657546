import { useQueryParam } from './router.js';

export const POLICIES = ['venture', 'claimed'] as const;
export type Policy = (typeof POLICIES)[number];

export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The view every page shares, kept in the address: `knownAt` (what was known on that day), `asOf`
 * (what held on that day; by default the same day, so the slider replays the record as it stood),
 * and the attribution policy.
 */
export function useViewPoint() {
  const [knownAtParam, setKnownAt] = useQueryParam('knownAt');
  const [asOfParam, setAsOf] = useQueryParam('asOf');
  const [policyParam, setPolicy] = useQueryParam('policy');
  const knownAt = knownAtParam !== undefined && DAY.test(knownAtParam) ? knownAtParam : today();
  const asOf = asOfParam !== undefined && DAY.test(asOfParam) ? asOfParam : knownAt;
  const policy: Policy = policyParam === 'claimed' ? 'claimed' : 'venture';
  return {
    knownAt,
    asOf,
    /** Whether `asOf` follows `knownAt`. */
    asOfFollows: asOfParam === undefined,
    policy,
    setKnownAt: (day: string | undefined) => setKnownAt(day),
    setAsOf: (day: string | undefined) => setAsOf(day),
    setPolicy: (p: Policy) => setPolicy(p === 'venture' ? undefined : p),
  };
}
export type ViewPoint = ReturnType<typeof useViewPoint>;
