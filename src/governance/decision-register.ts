import type { Cell, SubjectState, ViewPoint } from '../ledger/subject-state.js';
import {
  compareCells,
  fieldDate,
  fieldNumber,
  fieldString,
  fieldStrings,
} from '../ledger/subject-state.js';
import type { AttributionPolicy } from '../metrics/attribution.js';
import { EvidenceBuilder, type Basis } from '../metrics/basis.js';
import { statusReport } from '../metrics/status-report.js';
import type { DecisionClass, DecisionRule } from '../model/charter.js';
import { daysBetween } from '../model/dates.js';
import type { Member } from '../model/program.js';
import type { SourceKind } from '../model/source.js';
import type { Stance } from '../model/position.js';
import { ruleOutcome, type RuleOutcome, type Voter } from './decision-rule.js';

export interface PositionView {
  party: string;
  stance: Stance;
  /** From when the stance holds; null for a member who has declared nothing. */
  since: string | null;
  position: string | null;
  record: number | null;
  assumption: boolean;
  /** The member's earlier stances on this decision (other position facts), oldest first. */
  earlier: { stance: Stance; since: string; position: string; record: number }[];
}

export interface BlockedItem {
  id: string;
  kind: string;
  /** MW waiting: a facility's or contract's capacity, or what a capacity pledge still lacks. */
  mw: number;
  /** Capital waiting: a contract's value, a facility's committed capital, or what a capital pledge still lacks. */
  capitalUsd: number;
}

export interface DecisionEntry {
  id: string;
  topic: string;
  question: string;
  status: string;
  opened: string;
  resolved: string | null;
  ageDays: number;
  /** Days since anything about the decision last changed: its fields or a member's position. */
  idleDays: number;
  lastChange: string;
  class: string | null;
  rule: DecisionRule | null;
  /** Where the rule comes from: the charter, an override asked for (`--rule`), or nowhere. */
  ruleFrom: 'charter' | 'override' | 'none';
  veto: string[];
  positions: PositionView[];
  /** For an open decision: whether it can still pass. Null once resolved. */
  outcome: RuleOutcome | null;
  blocks: BlockedItem[];
  blockedMw: number;
  blockedCapitalUsd: number;
  basis: Basis;
  records: number[];
}

export interface CharterView {
  id: string;
  adopted: string;
  classes: DecisionClass[];
  defaultClass: string | null;
  basis: Basis;
  record: number;
}

export interface DecisionRegister {
  program: string;
  asOf: string;
  knownAt: string;
  policy: AttributionPolicy;
  /** The rule applied to every decision instead of the charter's, when one was asked for. */
  ruleOverride: DecisionRule | null;
  members: Member[];
  charter: CharterView | null;
  decisions: DecisionEntry[];
  summary: {
    open: number;
    deadlocked: number;
    resolved: number;
    /** Median days from opening to resolution over resolved decisions; null when none is resolved. */
    medianLatencyDays: number | null;
    /** Over open decisions, each blocked subject counted once. */
    blockedMw: number;
    blockedCapitalUsd: number;
  };
}

const RESOLVED = new Set(['passed', 'failed', 'withdrawn']);

/**
 * The decision register of a program at (V, K): every decision with its rule, each member's latest
 * position, whether an open decision can still pass, its age and idle time, and the MW and capital
 * waiting on it. Open decisions come first, oldest and most blocking first. Pure.
 */
export function decisionRegister(options: {
  states: readonly SubjectState[];
  at: ViewPoint;
  program: string;
  policy: AttributionPolicy;
  /** Judge every decision by this rule instead of its charter's (a what-if). */
  rule?: DecisionRule | undefined;
}): DecisionRegister | undefined {
  const { states, at, policy } = options;
  const byId = new Map(states.map((s) => [s.id, s]));
  const program = byId.get(options.program);
  if (!program || program.kind !== 'program') return undefined;
  const members = (program.fields.members?.value as Member[] | undefined) ?? [];
  const sourceKindOf = (source: string): SourceKind | undefined => {
    const s = byId.get(source);
    return s ? (fieldString(s, 'kind') as SourceKind | undefined) : undefined;
  };

  const charter = currentCharter(states, options.program);
  const charterView: CharterView | null = charter
    ? {
        id: charter.id,
        adopted: fieldDate(charter, 'adopted')?.text ?? charter.created.validText,
        classes: (charter.fields.classes?.value as DecisionClass[] | undefined) ?? [],
        defaultClass: fieldString(charter, 'default_class') ?? null,
        basis: basisOf(charter, sourceKindOf),
        record: charter.created.seq,
      }
    : null;

  // What a blocked pledge still lacks is measured by the status report under the same policy.
  const report = statusReport({ states, at, policy, program: options.program });
  const pledgeGap = new Map<string, { metric: string; gap: number }>();
  if (report.ok)
    for (const p of report.report.pledges)
      pledgeGap.set(p.id, { metric: p.metric, gap: Math.max(0, p.target - p.achieved) });

  const positionsByDecision = new Map<string, SubjectState[]>();
  for (const s of states) {
    if (s.kind !== 'position') continue;
    const decision = fieldString(s, 'decision');
    if (decision === undefined) continue;
    const list = positionsByDecision.get(decision) ?? [];
    list.push(s);
    positionsByDecision.set(decision, list);
  }

  const decisions: DecisionEntry[] = [];
  for (const d of states) {
    if (d.kind !== 'decision' || fieldString(d, 'program') !== options.program) continue;
    const evidence = new EvidenceBuilder(true);
    evidence.add(d.id, Object.values(d.fields));
    const status = fieldString(d, 'status') ?? 'open';
    const opened = fieldDate(d, 'opened');
    const resolved = RESOLVED.has(status) ? (fieldDate(d, 'resolved') ?? null) : null;

    const latest = latestPositions(positionsByDecision.get(d.id) ?? []);
    let lastChange = maxValid(Object.values(d.fields), d.created.valid);
    for (const { state, stance } of latest.values()) {
      evidence.add(state.id, Object.values(state.fields));
      if (stance.valid > lastChange) lastChange = stance.valid;
    }
    const positions: PositionView[] = members.map((m) => {
      const p = latest.get(m.party);
      return p
        ? {
            party: m.party,
            stance: p.stance.value as Stance,
            since: p.stance.validText,
            position: p.state.id,
            record: p.stance.seq,
            assumption: p.stance.assumption || p.state.created.assumption,
            earlier: p.earlier.map((e) => ({
              stance: e.stance.value as Stance,
              since: e.stance.validText,
              position: e.state.id,
              record: e.stance.seq,
            })),
          }
        : {
            party: m.party,
            stance: 'undeclared',
            since: null,
            position: null,
            record: null,
            assumption: false,
            earlier: [],
          };
    });

    const className = fieldString(d, 'class') ?? charterView?.defaultClass ?? null;
    const decisionClass = charterView?.classes.find((c) => c.id === className);
    const rule = options.rule ?? decisionClass?.rule ?? null;
    if (charter && decisionClass && !options.rule)
      evidence.add(charter.id, [charter.fields.classes]);
    const veto = options.rule ? [] : (decisionClass?.veto ?? []);
    const stanceOf = new Map(positions.map((p) => [p.party, p.stance]));

    let outcome: RuleOutcome | null = null;
    if (status === 'open') {
      if (rule === null)
        outcome = {
          state: 'undetermined',
          weights: null,
          required: null,
          blockers: [],
          reason:
            className === null
              ? 'no charter rule for this decision'
              : `class "${className}" is not in the charter`,
        };
      else
        outcome = ruleOutcome({
          rule,
          voters: votersFor(rule, members, stanceOf),
          vetoHolders: veto.map((party) => ({
            party,
            stance: stanceOf.get(party) ?? 'undeclared',
          })),
        });
    }

    const blocks: BlockedItem[] = [];
    for (const id of fieldStrings(d, 'blocks')) {
      const target = byId.get(id);
      if (!target) continue;
      const item = blockedItem(target, pledgeGap);
      blocks.push(item);
      evidence.add(target.id, [target.created]);
    }
    const finished = evidence.finish(sourceKindOf);
    decisions.push({
      id: d.id,
      topic: fieldString(d, 'topic') ?? '',
      question: fieldString(d, 'question') ?? '',
      status,
      opened: opened?.text ?? d.created.validText,
      resolved: resolved?.text ?? null,
      ageDays: daysBetween(opened?.end ?? d.created.valid, resolved?.end ?? at.asOf),
      idleDays: daysBetween(lastChange, at.asOf),
      lastChange,
      class: className,
      rule,
      ruleFrom: options.rule ? 'override' : rule ? 'charter' : 'none',
      veto,
      positions,
      outcome,
      blocks,
      blockedMw: sum(blocks.map((b) => b.mw)),
      blockedCapitalUsd: sum(blocks.map((b) => b.capitalUsd)),
      basis: finished.basis,
      records: finished.records ?? [],
    });
  }

  const open = decisions.filter((d) => d.status === 'open');
  decisions.sort(
    (a, b) =>
      Number(b.status === 'open') - Number(a.status === 'open') ||
      b.ageDays - a.ageDays ||
      b.blockedMw - a.blockedMw ||
      b.blockedCapitalUsd - a.blockedCapitalUsd ||
      a.id.localeCompare(b.id),
  );
  const blockedOnce = new Map<string, BlockedItem>();
  for (const d of open) for (const b of d.blocks) blockedOnce.set(b.id, b);
  const latencies = decisions
    .filter((d) => d.resolved !== null)
    .map((d) => d.ageDays)
    .sort((a, b) => a - b);
  return {
    program: options.program,
    asOf: at.asOf,
    knownAt: at.knownAt,
    policy,
    ruleOverride: options.rule ?? null,
    members,
    charter: charterView,
    decisions,
    summary: {
      open: open.length,
      deadlocked: open.filter((d) => d.outcome?.state === 'deadlocked').length,
      resolved: latencies.length,
      medianLatencyDays: median(latencies),
      blockedMw: sum([...blockedOnce.values()].map((b) => b.mw)),
      blockedCapitalUsd: sum([...blockedOnce.values()].map((b) => b.capitalUsd)),
    },
  };
}

/** The charter in force: the program's latest adopted one at (V, K). */
function currentCharter(
  states: readonly SubjectState[],
  program: string,
): SubjectState | undefined {
  let best: SubjectState | undefined;
  for (const s of states) {
    if (s.kind !== 'charter' || fieldString(s, 'program') !== program) continue;
    if (!best || compareCells(s.created, best.created) > 0) best = s;
  }
  return best;
}

interface HeldStance {
  state: SubjectState;
  stance: Cell;
  /** The party's other stances on the decision, oldest first. */
  earlier: HeldStance[];
}

/** Each party's latest stance on one decision: the stance cell latest by (valid, known, tie). */
function latestPositions(positions: readonly SubjectState[]): Map<string, HeldStance> {
  const all = new Map<string, HeldStance[]>();
  for (const state of positions) {
    const party = fieldString(state, 'party');
    const stance = state.fields.stance;
    if (party === undefined || !stance) continue;
    const list = all.get(party) ?? [];
    list.push({ state, stance, earlier: [] });
    all.set(party, list);
  }
  const latest = new Map<string, HeldStance>();
  for (const [party, list] of all) {
    list.sort((a, b) => compareCells(a.stance, b.stance));
    const last = list[list.length - 1] as HeldStance;
    latest.set(party, { ...last, earlier: list.slice(0, -1) });
  }
  return latest;
}

/** The voters a rule names, weighed by its basis. */
export function votersFor(
  rule: DecisionRule,
  members: readonly Member[],
  stanceOf: ReadonlyMap<string, Stance>,
): Voter[] {
  const electorate = rule.voters === 'leads' ? members.filter((m) => m.lead === true) : members;
  const basis = rule.kind === 'unanimity' ? 'members' : (rule.basis ?? 'members');
  return electorate.map((m) => ({
    party: m.party,
    weight: basis === 'members' ? 1 : basis === 'seats' ? m.seats : m.equity,
    stance: stanceOf.get(m.party) ?? 'undeclared',
  }));
}

function blockedItem(
  target: SubjectState,
  pledgeGap: ReadonlyMap<string, { metric: string; gap: number }>,
): BlockedItem {
  const item = { id: target.id, kind: target.kind, mw: 0, capitalUsd: 0 };
  if (target.kind === 'pledge') {
    const gap = pledgeGap.get(target.id);
    if (gap?.metric === 'capacity_mw') item.mw = gap.gap;
    if (gap?.metric === 'capital_usd') item.capitalUsd = gap.gap;
  } else if (target.kind === 'facility') {
    item.mw = fieldNumber(target, 'capacity_mw') ?? 0;
    item.capitalUsd = fieldNumber(target, 'committed_usd') ?? 0;
  } else if (target.kind === 'contract') {
    item.mw = fieldNumber(target, 'capacity_mw') ?? 0;
    item.capitalUsd = fieldNumber(target, 'value_usd') ?? 0;
  }
  return item;
}

function basisOf(state: SubjectState, sourceKindOf: (s: string) => SourceKind | undefined): Basis {
  const evidence = new EvidenceBuilder(false);
  evidence.add(state.id, [state.created, ...Object.values(state.fields)]);
  return evidence.finish(sourceKindOf).basis;
}

function maxValid(cells: readonly Pick<Cell, 'valid'>[], floor: string): string {
  let max = floor;
  for (const c of cells) if (c.valid > max) max = c.valid;
  return max;
}

function sum(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

function median(sorted: readonly number[]): number | null {
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
