import { DecisionRule } from '../model/charter.js';

/**
 * Read a rule written on the command line: the kind, then `key=value` options, comma-separated —
 * `majority`, `majority,basis=equity`, `supermajority,threshold=0.75,basis=seats`,
 * `unanimity,voters=leads`. Returns the rule, or what is wrong with the text.
 */
export function parseRuleText(
  text: string,
): { ok: true; rule: DecisionRule } | { ok: false; message: string } {
  const [kind, ...options] = text.split(',').map((part) => part.trim());
  const rule: Record<string, unknown> = { kind };
  for (const option of options) {
    const eq = option.indexOf('=');
    if (eq <= 0) return { ok: false, message: `"${option}": expected key=value` };
    const key = option.slice(0, eq);
    const value = option.slice(eq + 1);
    rule[key] = key === 'threshold' ? Number(value) : value;
  }
  const parsed = DecisionRule.safeParse(rule);
  if (parsed.success) return { ok: true, rule: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return {
    ok: false,
    message: `${where}${issue?.message ?? 'invalid rule'} (rules: majority, supermajority,threshold=0.75, unanimity; options basis=members|seats|equity, voters=members|leads)`,
  };
}

/** A rule as a short phrase for tables: "unanimity of leads", "majority of equity". */
export function describeRule(rule: DecisionRule): string {
  const voters = rule.voters === 'leads' ? ' of leads' : '';
  if (rule.kind === 'unanimity') return `unanimity${voters}`;
  const basis = rule.basis && rule.basis !== 'members' ? ` by ${rule.basis}` : '';
  const kind =
    rule.kind === 'majority' ? 'majority' : `${Math.round(rule.threshold * 100)}% supermajority`;
  return `${kind}${voters}${basis}`;
}
