import type { SubjectState } from '../ledger/subject-state.js';
import { fieldNumber, fieldString, fieldStrings } from '../ledger/subject-state.js';
import { daysBetween, parseDate, type DateInput, type DateValue } from '../model/dates.js';
import type { PledgeMetric } from '../model/pledge.js';
import type { SourceKind } from '../model/source.js';
import type { Basis } from './basis.js';
import { EvidenceBuilder } from './basis.js';
import { CAPITAL_STAGE_KEYS, type MetricFigures, type StageFigure } from './stage-figures.js';

/** No progress for this many days marks a pledge as stalled. */
export const STALL_DAYS = 90;
const DAYS_PER_YEAR = 365.25;

export interface PledgeProgress {
  id: string;
  metric: PledgeMetric;
  target: number;
  by: string[];
  made: DateValue;
  deadline: DateValue;
  status: string;
  revises: string | null;
  revisedBy: string[];
  where: Record<string, string> | null;
  /** The stage whose value counts as achieved. */
  countsAt: string;
  achieved: number;
  ratio: number;
  stages: Record<string, StageFigure>;
  pace: {
    /** Achieved per year since the pledge was made; null on the day it was made. */
    soFarPerYear: number | null;
    /** Still to do per year from V to the deadline; null once the deadline has passed. */
    neededPerYear: number | null;
    daysLeft: number;
  };
  stalled: boolean;
  lastProgress: string;
  daysWithoutProgress: number;
  /** The pledge's own record: assumption, confidence and source kind of the promise itself. */
  basis: Basis;
  records: number[];
}

function dateOf(state: SubjectState, field: string): DateValue | undefined {
  const parsed = parseDate(state.fields[field]?.value as DateInput);
  return typeof parsed === 'string' ? undefined : parsed;
}

const DEFAULT_COUNTS_AT: Record<PledgeMetric, string> = {
  capacity_mw: 'operational',
  jobs: 'operational',
  sites: 'operational',
  capital_usd: 'committed',
};

function stageKey(countsAt: string): string {
  return countsAt === 'under-construction' ? 'underConstruction' : countsAt;
}

/**
 * A pledge's progress at V: the achieved value at the stage it counts at, the ratio to target, the
 * pace needed from V to the deadline against the pace since it was made, and whether it has stalled
 * (no progress for ≥ 90 days, counting from the pledge itself when nothing has happened since).
 */
export function pledgeProgress(options: {
  pledge: SubjectState;
  figures: MetricFigures;
  asOf: string;
  revisedBy: string[];
  sourceKindOf: (source: string) => SourceKind | undefined;
}): PledgeProgress | undefined {
  const { pledge, figures, asOf, revisedBy, sourceKindOf } = options;
  const metric = fieldString(pledge, 'metric') as PledgeMetric | undefined;
  const target = fieldNumber(pledge, 'target');
  const made = dateOf(pledge, 'made');
  const deadline = dateOf(pledge, 'deadline');
  if (metric === undefined || target === undefined || made === undefined || deadline === undefined)
    return undefined;

  const countsAt = fieldString(pledge, 'counts_at') ?? DEFAULT_COUNTS_AT[metric];
  const key =
    metric === 'capital_usd' && !(CAPITAL_STAGE_KEYS as readonly string[]).includes(countsAt)
      ? 'committed'
      : stageKey(countsAt);
  const achieved = figures.stages[key]?.value ?? 0;

  const yearsSince = daysBetween(made.end, asOf) / DAYS_PER_YEAR;
  const daysLeft = daysBetween(asOf, deadline.end);
  const progressDates = figures.progress.filter((d) => d <= asOf && d >= made.start);
  const lastProgress = progressDates.reduce((a, b) => (b > a ? b : a), made.end);
  const daysWithoutProgress = Math.max(0, daysBetween(lastProgress, asOf));
  const status = fieldString(pledge, 'status') ?? (revisedBy.length > 0 ? 'superseded' : 'active');

  const own = new EvidenceBuilder();
  own.add(pledge.id, [pledge.created, ...Object.values(pledge.fields)]);
  const evidence = own.finish(sourceKindOf);
  const where = (pledge.fields.where?.value as Record<string, string> | undefined) ?? null;

  return {
    id: pledge.id,
    metric,
    target,
    by: fieldStrings(pledge, 'by'),
    made,
    deadline,
    status,
    revises: fieldString(pledge, 'revises') ?? null,
    revisedBy,
    where,
    countsAt,
    achieved,
    ratio: achieved / target,
    stages: figures.stages,
    pace: {
      soFarPerYear: yearsSince > 0 ? achieved / yearsSince : null,
      neededPerYear:
        daysLeft > 0 ? Math.max(0, target - achieved) / (daysLeft / DAYS_PER_YEAR) : null,
      daysLeft,
    },
    stalled:
      achieved < target &&
      (status === 'active' || status === 'superseded') &&
      daysWithoutProgress >= STALL_DAYS,
    lastProgress,
    daysWithoutProgress,
    basis: evidence.basis,
    records: evidence.records ?? [],
  };
}
