import type { DecisionRule } from '../../src/model/charter.js';

/** A rule in a few words, as the CLI's table writes it (kept here so zod stays out of the bundle). */
export function describeRule(rule: DecisionRule | null): string {
  if (!rule) return 'no rule recorded';
  const voters = rule.voters === 'leads' ? ' of leads' : '';
  if (rule.kind === 'unanimity') return `unanimity${voters}`;
  const basis = rule.basis && rule.basis !== 'members' ? ` by ${rule.basis}` : '';
  const threshold = rule.kind === 'supermajority' ? ` ${Math.round(rule.threshold * 100)}%` : '';
  return `${rule.kind}${threshold}${voters}${basis}`;
}

/** The what-ifs offered in the governance page; any other rule can be typed. */
export const RULE_PRESETS: [string, string][] = [
  ['', 'the charter’s rules'],
  ['majority', 'one member, one vote: majority'],
  ['majority,basis=equity', 'majority of equity'],
  ['supermajority,threshold=0.75', 'three quarters of members'],
  ['unanimity', 'unanimity of all members'],
  ['unanimity,voters=leads', 'unanimity of the leads'],
];
