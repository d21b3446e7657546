import type { DecisionRule } from '../model/charter.js';
import type { Stance } from '../model/position.js';

/** A member who votes under a rule, with the weight the rule gives them (undefined: not known). */
export interface Voter {
  party: string;
  weight: number | undefined;
  stance: Stance;
}

/**
 * Where a decision stands under its rule, given the declared positions:
 * - `carried`: the declared for-votes already meet the rule (the decision can pass now);
 * - `open`: it can still pass if undeclared voters come out for it;
 * - `deadlocked`: it cannot pass unless someone changes a declared position — a veto holder against,
 *   a unanimity rule with a voter against or abstaining, or too much weight against for the threshold;
 * - `undetermined`: the rule or the weights it needs are not known.
 */
export type RuleState = 'carried' | 'open' | 'deadlocked' | 'undetermined';

export interface RuleOutcome {
  state: RuleState;
  /** Weight for, against, abstaining and undeclared; null where a weight is unknown. */
  weights: {
    for: number;
    against: number;
    abstain: number;
    undeclared: number;
    total: number;
  } | null;
  /** The weight the rule needs for the decision to pass; null where unknown. */
  required: number | null;
  /** The voters whose declared position stops the decision (deadlock) or whose weight is unknown. */
  blockers: string[];
  reason: string;
}

/** Floating-point shares (0.4 + 0.4 + 0.1 + 0.1) must not miss a threshold by 1e-16. */
const EPSILON = 1e-9;

export function ruleOutcome(options: {
  rule: DecisionRule;
  voters: readonly Voter[];
  /** Members holding a veto over this class (reserved matters), with their stance. */
  vetoHolders?: readonly Pick<Voter, 'party' | 'stance'>[];
}): RuleOutcome {
  const { rule, voters } = options;
  const vetoAgainst = (options.vetoHolders ?? []).filter((v) => v.stance === 'against');
  if (vetoAgainst.length > 0) {
    const names = vetoAgainst.map((v) => v.party);
    return {
      state: 'deadlocked',
      weights: tally(voters),
      required: null,
      blockers: names,
      reason: `${list(names)} ${names.length > 1 ? 'hold vetoes and are' : 'holds a veto and is'} against`,
    };
  }
  if (voters.length === 0)
    return {
      state: 'undetermined',
      weights: null,
      required: null,
      blockers: [],
      reason: rule.voters === 'leads' ? 'the program has no lead members' : 'no voters',
    };

  if (rule.kind === 'unanimity') {
    const weights = tally(voters.map((v) => ({ ...v, weight: 1 })));
    const blocking = voters.filter((v) => v.stance === 'against' || v.stance === 'abstain');
    if (blocking.length > 0)
      return {
        state: 'deadlocked',
        weights,
        required: voters.length,
        blockers: blocking.map((v) => v.party),
        reason: `unanimity: ${blocking.map((v) => `${v.party} ${v.stance === 'against' ? 'against' : 'abstains'}`).join(', ')}`,
      };
    const undeclared = voters.filter((v) => v.stance === 'undeclared');
    return undeclared.length === 0
      ? {
          state: 'carried',
          weights,
          required: voters.length,
          blockers: [],
          reason: 'unanimity: every voter for',
        }
      : {
          state: 'open',
          weights,
          required: voters.length,
          blockers: [],
          reason: `unanimity: waiting on ${list(undeclared.map((v) => v.party))}`,
        };
  }

  const unknown = voters.filter((v) => v.weight === undefined);
  if (unknown.length > 0)
    return {
      state: 'undetermined',
      weights: null,
      required: null,
      blockers: unknown.map((v) => v.party),
      reason: `${rule.basis ?? 'members'} of ${list(unknown.map((v) => v.party))} not known`,
    };
  const weights = tally(voters);
  if (weights === null || weights.total <= 0)
    return {
      state: 'undetermined',
      weights,
      required: null,
      blockers: [],
      reason: `no ${rule.basis ?? 'members'} weight recorded for the voters`,
    };
  const share = rule.kind === 'majority' ? 0.5 : rule.threshold;
  const needed = share * weights.total;
  const meets = (w: number) =>
    rule.kind === 'majority' ? w > needed + EPSILON : w >= needed - EPSILON;
  const label = rule.kind === 'majority' ? 'more than half' : `${Math.round(share * 100)}%`;
  if (meets(weights.for))
    return { state: 'carried', weights, required: needed, blockers: [], reason: `${label} for` };
  if (!meets(weights.for + weights.undeclared)) {
    const blockers = voters.filter((v) => v.stance === 'against' || v.stance === 'abstain');
    return {
      state: 'deadlocked',
      weights,
      required: needed,
      blockers: blockers.map((v) => v.party),
      reason: `${label} needed; at most ${format(weights.for + weights.undeclared)} of ${format(weights.total)} can be for`,
    };
  }
  return {
    state: 'open',
    weights,
    required: needed,
    blockers: [],
    reason: `${label} needed; ${format(weights.for)} of ${format(weights.total)} for so far`,
  };
}

function tally(voters: readonly Voter[]): RuleOutcome['weights'] {
  const w = { for: 0, against: 0, abstain: 0, undeclared: 0, total: 0 };
  for (const v of voters) {
    if (v.weight === undefined) return null;
    w[v.stance] += v.weight;
    w.total += v.weight;
  }
  return w;
}

function list(names: readonly string[]): string {
  return names.join(', ');
}

function format(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2);
}
