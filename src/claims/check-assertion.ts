import type { SubjectState, ViewPoint } from '../ledger/subject-state.js';
import { fieldDate, fieldNumber, fieldString } from '../ledger/subject-state.js';
import { EvidenceBuilder, type Evidence } from '../metrics/basis.js';
import type { ProgramFigures } from '../metrics/program-figures.js';
import type { Assertion } from '../model/assertion.js';
import { daysBetween, toDateValue } from '../model/dates.js';
import type { PledgeMetric } from '../model/pledge.js';
import type { Verdict } from './verdict.js';

const DAYS_PER_YEAR = 365.25;
/** `=` holds within this share of the asserted value: sources round ("about 4.5 GW"). */
export const EQUAL_TOLERANCE = 0.05;

/** One program seen at (V, K) under one policy: what an assertion is checked against. */
export interface ProgramView {
  at: ViewPoint;
  program: SubjectState;
  states: readonly SubjectState[];
  byId: ReadonlyMap<string, SubjectState>;
  figures: ProgramFigures;
}

export interface AssertionCheck {
  kind: Assertion['kind'];
  verdict: Verdict;
  /** What the ledger shows: a figure, a pace ratio (so far ÷ needed), or whether the venture is formed. */
  actual: number | boolean | null;
  /** What the claim asserts, in the same terms. */
  asserted: number | boolean | null;
  /** asserted − actual for a level; null otherwise. */
  gap: number | null;
  reason: string;
  evidence: Evidence;
}

const DEFAULT_STAGE: Record<PledgeMetric, string> = {
  capacity_mw: 'operational',
  jobs: 'operational',
  sites: 'operational',
  capital_usd: 'committed',
};

function stageKey(metric: PledgeMetric, stage: string | undefined): string {
  const s = stage ?? DEFAULT_STAGE[metric];
  if (metric === 'capital_usd') return s === 'spent' ? 'spent' : 'committed';
  return s === 'under-construction' ? 'underConstruction' : s;
}

const UNITS: Record<PledgeMetric, string> = {
  capacity_mw: 'MW',
  capital_usd: 'USD',
  jobs: 'jobs',
  sites: 'sites',
};

function amount(metric: PledgeMetric, n: number): string {
  const rounded = Number.isInteger(n) ? n.toLocaleString('en-US') : n.toFixed(1);
  return `${rounded} ${UNITS[metric]}`;
}

/** Fields that measure a metric, on the contracts and facilities claimed for the program. */
const MEASURES: Record<PledgeMetric, readonly string[]> = {
  capacity_mw: ['capacity_mw'],
  capital_usd: ['value_usd', 'committed_usd', 'spent_usd'],
  jobs: ['jobs'],
  sites: ['site'],
};

/**
 * What in the ledger, under any policy, measures this metric for the program: the contracts and
 * facilities the policy weighs. They decide a verdict even when the policy counts none of them (a
 * partner's solo contract is why the venture's figure is zero), so they are listed as evidence.
 */
function measuring(view: ProgramView, metric: PledgeMetric): SubjectState[] {
  return view.states.filter(
    (s) =>
      (s.kind === 'contract' || s.kind === 'facility') &&
      fieldString(s, 'claimed_for') === view.program.id &&
      MEASURES[metric].some((f) => s.fields[f] !== undefined),
  );
}

/** A figure's evidence together with the cells of other subjects that decide the verdict. */
function withSubjects(
  evidence: Evidence | undefined,
  subjects: readonly SubjectState[],
  view: ProgramView,
): Evidence {
  const extra = new EvidenceBuilder(true);
  for (const s of subjects) extra.add(s.id, [s.created, ...Object.values(s.fields)]);
  const more = extra.finish(view.figures.sourceKindOf);
  if (!evidence) return more;
  return {
    records: [...new Set([...(evidence.records ?? []), ...(more.records ?? [])])].sort(
      (a, b) => a - b,
    ),
    subjects: [...new Set([...(evidence.subjects ?? []), ...(more.subjects ?? [])])].sort(),
    basis: evidence.records?.length ? mergeBasis(evidence.basis, more.basis) : more.basis,
  };
}

/**
 * Check one assertion against a program view. The rules (documented in the README):
 * - level `≥`/`>`: met → supported; some but not enough → partly supported; nothing → contradicted.
 *   `≤`/`<`: met → supported, else contradicted. `=`: within 5 % → supported, else contradicted.
 *   A level about a later date (`by`) not met yet → not yet verifiable. Nothing in the ledger
 *   measures the metric at all → not yet verifiable.
 * - pace: the pledge's pace so far ÷ the pace it needs from V to its deadline, against the asserted
 *   multiple (default 1): at least → supported; above zero → partly supported; zero → contradicted.
 *   A pledge not made yet, or made that very day → not yet verifiable.
 * - formed: the venture is formed once the program records its entity. "Not formed" with neither
 *   contracts nor committed capital counted nor a decision passed → supported; not formed but with
 *   some of those signs of operation → partly supported; formed → contradicted (and the reverse).
 * - qualitative → qualitative.
 */
export function checkAssertion(assertion: Assertion, view: ProgramView): AssertionCheck {
  switch (assertion.kind) {
    case 'qualitative':
      return {
        kind: 'qualitative',
        verdict: 'qualitative',
        actual: null,
        asserted: null,
        gap: null,
        reason: 'not measurable',
        evidence: { records: [], subjects: [], basis: emptyBasis() },
      };
    case 'level':
      return checkLevel(assertion, view);
    case 'pace':
      return checkPace(assertion, view);
    case 'formed':
      return checkFormed(assertion, view);
  }
}

function checkLevel(a: Extract<Assertion, { kind: 'level' }>, view: ProgramView): AssertionCheck {
  const key = stageKey(a.metric, a.state);
  const figure = view.figures.figures(a.metric).stages[key];
  const actual = figure?.value ?? 0;
  const measured = measuring(view, a.metric);
  const evidence = withSubjects(figure, measured, view);
  const stage = a.state ?? DEFAULT_STAGE[a.metric];
  const what = `${amount(a.metric, actual)} ${stage} against ${a.comparison} ${amount(a.metric, a.value)} asserted`;
  const met = compare(actual, a.comparison, a.value);
  const base = {
    kind: 'level' as const,
    actual,
    asserted: a.value,
    gap: a.value - actual,
    evidence,
  };
  if (measured.length === 0)
    return {
      ...base,
      verdict: 'not-yet-verifiable',
      reason: `the ledger measures no ${a.metric} for ${view.program.id}`,
    };
  if (met) return { ...base, verdict: 'supported', reason: what };
  const by = a.by === undefined ? undefined : toDateValue(a.by).end;
  if (by !== undefined && by > view.at.asOf)
    return { ...base, verdict: 'not-yet-verifiable', reason: `${what}; it is about ${by}` };
  const partly = (a.comparison === '>=' || a.comparison === '>') && actual > 0;
  return { ...base, verdict: partly ? 'partly-supported' : 'contradicted', reason: what };
}

function checkPace(a: Extract<Assertion, { kind: 'pace' }>, view: ProgramView): AssertionCheck {
  const multiple = a.value ?? 1;
  const none = { records: [], subjects: [], basis: emptyBasis() };
  const pledge = view.byId.get(a.pledge);
  const base = { kind: 'pace' as const, asserted: multiple, gap: null };
  if (!pledge || pledge.kind !== 'pledge')
    return {
      ...base,
      actual: null,
      verdict: 'not-yet-verifiable',
      reason: `pledge ${a.pledge} not made yet`,
      evidence: none,
    };
  const metric = fieldString(pledge, 'metric') as PledgeMetric | undefined;
  const target = fieldNumber(pledge, 'target');
  const made = fieldDate(pledge, 'made');
  const deadline = fieldDate(pledge, 'deadline');
  if (!metric || target === undefined || !made || !deadline)
    return {
      ...base,
      actual: null,
      verdict: 'not-yet-verifiable',
      reason: `pledge ${a.pledge} is incomplete`,
      evidence: none,
    };
  const where = pledge.fields.where?.value as Record<string, string> | undefined;
  const stage = a.state ?? fieldString(pledge, 'counts_at');
  const figure = view.figures.figures(metric, where).stages[stageKey(metric, stage)];
  const achieved = figure?.value ?? 0;
  const evidence = withSubjects(figure, [pledge, ...measuring(view, metric)], view);
  const yearsSince = daysBetween(made.end, view.at.asOf) / DAYS_PER_YEAR;
  const yearsLeft = daysBetween(view.at.asOf, deadline.end) / DAYS_PER_YEAR;
  if (achieved >= target)
    return {
      ...base,
      actual: Number.POSITIVE_INFINITY,
      verdict: 'supported',
      reason: `${a.pledge} already met`,
      evidence,
    };
  if (yearsSince <= 0)
    return {
      ...base,
      actual: null,
      verdict: 'not-yet-verifiable',
      reason: `${a.pledge} was made on ${made.text}: no pace yet`,
      evidence,
    };
  const soFar = achieved / yearsSince;
  if (yearsLeft <= 0)
    return {
      ...base,
      actual: 0,
      verdict: 'contradicted',
      reason: `${a.pledge}'s deadline ${deadline.text} passed unmet`,
      evidence,
    };
  const needed = (target - achieved) / yearsLeft;
  const ratio = soFar / needed;
  const what = `${amount(metric, Math.round(soFar))}/year so far against ${amount(metric, Math.round(needed))}/year needed (${ratio.toFixed(2)}×)`;
  const verdict: Verdict =
    ratio >= multiple ? 'supported' : ratio > 0 ? 'partly-supported' : 'contradicted';
  return { ...base, actual: ratio, verdict, reason: what, evidence };
}

function checkFormed(a: Extract<Assertion, { kind: 'formed' }>, view: ProgramView): AssertionCheck {
  const evidence = new EvidenceBuilder(true);
  const entity = fieldString(view.program, 'entity');
  evidence.add(view.program.id, [view.program.created, view.program.fields.entity]);
  const contracted = view.figures.figures('capacity_mw').stages.contracted;
  const committed = view.figures.figures('capital_usd').stages.committed;
  const decisions = view.states.filter(
    (s) => s.kind === 'decision' && fieldString(s, 'program') === view.program.id,
  );
  const passed = decisions.filter((s) => fieldString(s, 'status') === 'passed');
  for (const d of decisions) evidence.add(d.id, [d.created, d.fields.status]);
  const signs: string[] = [];
  if (contracted && contracted.value > 0)
    signs.push(`${amount('capacity_mw', contracted.value)} contracted`);
  if (committed && committed.value > 0)
    signs.push(`${amount('capital_usd', committed.value)} committed`);
  if (passed.length > 0) signs.push(`${passed.length} decision(s) passed`);
  const finished = withSubjects(
    evidence.finish(view.figures.sourceKindOf),
    measuring(view, 'capacity_mw'),
    view,
  );
  const out = {
    kind: 'formed' as const,
    actual: entity !== undefined,
    asserted: a.value,
    gap: null,
    evidence: finished,
  };
  const state =
    entity !== undefined
      ? `formed as ${entity}`
      : signs.length > 0
        ? `no entity recorded, but ${signs.join(', ')}`
        : 'no entity, contracts, committed capital or passed decision recorded';
  const verdict: Verdict =
    entity !== undefined
      ? a.value
        ? 'supported'
        : 'contradicted'
      : signs.length > 0
        ? 'partly-supported'
        : a.value
          ? 'contradicted'
          : 'supported';
  return { ...out, verdict, reason: state };
}

function compare(actual: number, comparison: string, value: number): boolean {
  switch (comparison) {
    case '>=':
      return actual >= value;
    case '>':
      return actual > value;
    case '<=':
      return actual <= value;
    case '<':
      return actual < value;
    default:
      return Math.abs(actual - value) <= EQUAL_TOLERANCE * Math.abs(value);
  }
}

function emptyBasis(): Evidence['basis'] {
  return { assumption: false, confidence: 'confirmed', sourceKinds: [], sources: [] };
}

function mergeBasis(a: Evidence['basis'], b: Evidence['basis']): Evidence['basis'] {
  const rank = { confirmed: 0, likely: 1, speculative: 2 } as const;
  return {
    assumption: a.assumption || b.assumption,
    confidence: rank[a.confidence] >= rank[b.confidence] ? a.confidence : b.confidence,
    sourceKinds: [...new Set([...a.sourceKinds, ...b.sourceKinds])].sort(),
    sources: [...new Set([...a.sources, ...b.sources])].sort(),
  };
}
