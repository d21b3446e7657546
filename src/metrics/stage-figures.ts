import type { Cell, SubjectState } from '../ledger/subject-state.js';
import { fieldNumber, fieldString } from '../ledger/subject-state.js';
import type { PledgeMetric } from '../model/pledge.js';
import type { SourceKind } from '../model/source.js';
import { EvidenceBuilder, type Evidence } from './basis.js';
import { STAGE_KEYS, type CapacityUnit } from './capacity-units.js';

/** One figure on the funnel: its value, how many counted items lack a number, and what it rests on. */
export interface StageFigure extends Evidence {
  value: number;
  unknown: number;
}

export const CAPITAL_STAGE_KEYS = ['committed', 'spent'] as const;

export interface MetricFigures {
  stages: Record<string, StageFigure>;
  /** Days on which counted items advanced at or beyond contracted (or were committed). */
  progress: string[];
}

class FigureBuilder {
  value = 0;
  unknown = 0;
  readonly evidence: EvidenceBuilder;
  constructor(list: boolean) {
    this.evidence = new EvidenceBuilder(list);
  }
  finish(sourceKindOf: (s: string) => SourceKind | undefined): StageFigure {
    return { value: this.value, unknown: this.unknown, ...this.evidence.finish(sourceKindOf) };
  }
}

/** A facility's stage within its unit: a facility under a contract is at least contracted. */
function partStage(unit: CapacityUnit, stage: number): number {
  return unit.subject.kind === 'contract' ? Math.max(1, stage) : stage >= 2 ? stage : 0;
}

/** The figures of one metric over the attributed capacity units (and, for capital, contracts and facilities). */
export function metricFigures(options: {
  metric: PledgeMetric;
  units: readonly CapacityUnit[];
  capitalSubjects: readonly SubjectState[];
  sourceKindOf: (source: string) => SourceKind | undefined;
  /** List the records and subjects behind each figure, not only its basis. */
  evidence: boolean;
}): MetricFigures {
  const { metric, units, capitalSubjects, sourceKindOf, evidence } = options;
  const progress: string[] = [];
  if (metric === 'capital_usd') {
    const committed = new FigureBuilder(evidence);
    const spent = new FigureBuilder(evidence);
    for (const subject of capitalSubjects) {
      const field = subject.kind === 'contract' ? 'value_usd' : 'committed_usd';
      const amount = fieldNumber(subject, field);
      if (amount !== undefined) {
        committed.value += amount;
        committed.evidence.add(subject.id, [subject.fields[field]]);
        progress.push((subject.fields[field] as Cell).valid);
      }
      const paid = fieldNumber(subject, 'spent_usd');
      if (paid !== undefined) {
        spent.value += paid;
        spent.evidence.add(subject.id, [subject.fields.spent_usd]);
        progress.push((subject.fields.spent_usd as Cell).valid);
      }
    }
    return {
      stages: { committed: committed.finish(sourceKindOf), spent: spent.finish(sourceKindOf) },
      progress,
    };
  }

  const figures = STAGE_KEYS.map(() => new FigureBuilder(evidence));
  const sitesSeen = STAGE_KEYS.map(() => new Set<string>());
  for (const unit of units) {
    if (unit.stage >= 1 && unit.progress !== undefined) progress.push(unit.progress);
    if (metric === 'capacity_mw') {
      for (let i = 0; i <= unit.stage && i < unit.mw.length; i += 1) {
        const mw = unit.mw[i];
        const figure = figures[i] as FigureBuilder;
        figure.evidence.add(unit.subject.id, unit.cells);
        if (mw === undefined) figure.unknown += 1;
        else figure.value += mw;
      }
      continue;
    }
    for (const part of unit.facilities) {
      const stage = partStage(unit, part.stage);
      for (let i = 0; i <= stage; i += 1) {
        const figure = figures[i] as FigureBuilder;
        if (metric === 'jobs') {
          const jobs = fieldNumber(part.facility, 'jobs');
          figure.evidence.add(part.facility.id, [
            part.facility.fields.jobs,
            part.facility.fields.status,
          ]);
          if (jobs === undefined) figure.unknown += 1;
          else figure.value += jobs;
        } else {
          const site = fieldString(part.facility, 'site');
          figure.evidence.add(part.facility.id, [
            part.facility.fields.site,
            part.facility.fields.status,
          ]);
          if (site !== undefined && !(sitesSeen[i] as Set<string>).has(site)) {
            (sitesSeen[i] as Set<string>).add(site);
            figure.value += 1;
          }
        }
      }
    }
  }
  const stages: Record<string, StageFigure> = {};
  STAGE_KEYS.forEach(
    (key, i) => (stages[key] = (figures[i] as FigureBuilder).finish(sourceKindOf)),
  );
  return { stages, progress };
}
