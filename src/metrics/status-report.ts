import type { SubjectState, ViewPoint } from '../ledger/subject-state.js';
import { fieldNumber, fieldString } from '../ledger/subject-state.js';
import { daysBetween, parseDate, type DateInput, type DateValue } from '../model/dates.js';
import type { Member } from '../model/program.js';
import type { PledgeMetric } from '../model/pledge.js';
import type { SourceKind } from '../model/source.js';
import type { AttributionPolicy } from './attribution.js';
import { STAGE_KEYS, type SiteFilter } from './capacity-units.js';
import { pledgeProgress, type PledgeProgress } from './pledge-progress.js';
import { programFigures } from './program-figures.js';
import type { StageFigure } from './stage-figures.js';

export interface ObservationView {
  id: string;
  metric: string;
  value: number;
  at: string;
  statement: { original: string; language: string; rendering?: string } | undefined;
  source: string;
  sourceKind: SourceKind | undefined;
  record: number;
}

export interface DecisionView {
  id: string;
  topic: string;
  question: string;
  opened: string;
  ageDays: number;
  record: number;
}

export interface StatusReport {
  program: { id: string; name: string; announced: string; members: Member[] };
  asOf: string;
  knownAt: string;
  policy: AttributionPolicy;
  pledges: PledgeProgress[];
  capacityMw: {
    announced: number;
    contracted: number;
    underConstruction: number;
    operational: number;
  };
  /** The capacity funnel with what each figure rests on. */
  capacityFunnel: Record<string, StageFigure>;
  observations: ObservationView[];
  openDecisions: DecisionView[];
}

export type StatusOutcome =
  | { ok: true; report: StatusReport }
  | { ok: false; reason: 'no-program'; programs: string[] }
  | { ok: false; reason: 'ambiguous-program'; programs: string[] };

function dateText(state: SubjectState, field: string): DateValue | undefined {
  const parsed = parseDate(state.fields[field]?.value as DateInput);
  return typeof parsed === 'string' ? undefined : parsed;
}

/**
 * The status of one program at (V, K) under an attribution policy: every pledge's progress and the
 * capacity funnel in MW. Pure: the caller passes the subjects' states at (V, K).
 */
export function statusReport(options: {
  states: readonly SubjectState[];
  at: ViewPoint;
  policy: AttributionPolicy;
  program?: string | undefined;
  /** List the records and subjects behind every stage figure (default: basis only). */
  evidence?: boolean;
}): StatusOutcome {
  const { at, policy } = options;
  const evidence = options.evidence === true;
  const byId = new Map(options.states.map((s) => [s.id, s]));
  const programs = options.states
    .filter((s) => s.kind === 'program')
    .map((s) => s.id)
    .sort();
  let programId = options.program;
  if (programId === undefined) {
    if (programs.length !== 1)
      return {
        ok: false,
        reason: programs.length === 0 ? 'no-program' : 'ambiguous-program',
        programs,
      };
    programId = programs[0] as string;
  }
  const program = byId.get(programId);
  if (!program || program.kind !== 'program') return { ok: false, reason: 'no-program', programs };

  const {
    members,
    sourceKindOf,
    figures: figuresOf,
  } = programFigures({
    byId,
    states: options.states,
    program,
    policy,
    evidence,
  });
  const funnel = figuresOf('capacity_mw');

  const pledgeStates = options.states.filter(
    (s) => s.kind === 'pledge' && fieldString(s, 'program') === programId,
  );
  const pledges: PledgeProgress[] = [];
  for (const pledge of pledgeStates.sort((a, b) => a.created.seq - b.created.seq)) {
    const where = pledge.fields.where?.value as SiteFilter | undefined;
    const metric = fieldString(pledge, 'metric');
    const figures = figuresOf((metric ?? 'capacity_mw') as PledgeMetric, where);
    const revisedBy = pledgeStates
      .filter((p) => fieldString(p, 'revises') === pledge.id)
      .map((p) => p.id);
    const progress = pledgeProgress({ pledge, figures, asOf: at.asOf, revisedBy, sourceKindOf });
    if (progress) pledges.push(progress);
  }

  const observations: ObservationView[] = options.states
    .filter((s) => s.kind === 'observation' && fieldString(s, 'program') === programId)
    .map((s) => ({
      id: s.id,
      metric: fieldString(s, 'metric') ?? '',
      value: fieldNumber(s, 'value') ?? Number.NaN,
      at: dateText(s, 'at')?.text ?? s.created.validText,
      statement: s.fields.statement?.value as ObservationView['statement'],
      source: s.created.source,
      sourceKind: sourceKindOf(s.created.source),
      record: s.created.seq,
    }));

  const openDecisions: DecisionView[] = options.states
    .filter(
      (s) =>
        s.kind === 'decision' &&
        fieldString(s, 'program') === programId &&
        fieldString(s, 'status') === 'open',
    )
    .map((s) => {
      const opened = dateText(s, 'opened');
      return {
        id: s.id,
        topic: fieldString(s, 'topic') ?? '',
        question: fieldString(s, 'question') ?? '',
        opened: opened?.text ?? '',
        ageDays: opened ? daysBetween(opened.end, at.asOf) : 0,
        record: s.created.seq,
      };
    })
    .sort((a, b) => b.ageDays - a.ageDays || a.id.localeCompare(b.id));

  const mw = (i: number) => funnel.stages[STAGE_KEYS[i] as string]?.value ?? 0;
  return {
    ok: true,
    report: {
      program: {
        id: programId,
        name: fieldString(program, 'name') ?? programId,
        announced: dateText(program, 'announced')?.text ?? '',
        members,
      },
      asOf: at.asOf,
      knownAt: at.knownAt,
      policy,
      pledges,
      capacityMw: {
        announced: mw(0),
        contracted: mw(1),
        underConstruction: mw(2),
        operational: mw(3),
      },
      capacityFunnel: funnel.stages,
      observations,
      openDecisions,
    },
  };
}
