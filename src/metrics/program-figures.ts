import type { SubjectState } from '../ledger/subject-state.js';
import { fieldString } from '../ledger/subject-state.js';
import type { PledgeMetric } from '../model/pledge.js';
import type { Member } from '../model/program.js';
import type { SourceKind } from '../model/source.js';
import { isAttributed, type AttributionPolicy } from './attribution.js';
import { capacityUnits, facilityParts, type SiteFilter } from './capacity-units.js';
import { metricFigures, type MetricFigures } from './stage-figures.js';

/** The figures of one program at (V, K) under one policy, metric by metric. */
export interface ProgramFigures {
  members: Member[];
  sourceKindOf: (source: string) => SourceKind | undefined;
  /** Achieved values by stage for a metric, over the whole program or the sites matching `where`. */
  figures(metric: PledgeMetric, where?: SiteFilter): MetricFigures;
}

/**
 * What the program has achieved, as the attribution policy counts it: capacity units (contracts with
 * their facilities, standalone facilities) and the contracts and facilities that carry capital. Built
 * once per view; the whole-program figures of each metric are computed once and shared.
 */
export function programFigures(options: {
  byId: ReadonlyMap<string, SubjectState>;
  states: readonly SubjectState[];
  program: SubjectState;
  policy: AttributionPolicy;
  evidence: boolean;
}): ProgramFigures {
  const { byId, states, program, policy, evidence } = options;
  const members = (program.fields.members?.value as Member[] | undefined) ?? [];
  const memberIds = new Set(members.map((m) => m.party));
  const sourceKindOf = (source: string): SourceKind | undefined => {
    const s = byId.get(source);
    return s ? (fieldString(s, 'kind') as SourceKind | undefined) : undefined;
  };
  const attributed = (s: SubjectState): boolean =>
    isAttributed({ subject: s, program: program.id, members: memberIds, policy });
  // Facilities are placed once; each site filter groups them into units again.
  const parts = facilityParts(byId);
  const unitsFor = (where?: SiteFilter) =>
    capacityUnits({ states: byId, where, parts, include: attributed });
  const allUnits = unitsFor();
  const capitalSubjects = states
    .filter(
      (s) =>
        (s.kind === 'contract' && fieldString(s, 'status') !== 'terminated') ||
        s.kind === 'facility',
    )
    .filter(attributed);
  const whole = new Map<PledgeMetric, MetricFigures>();
  return {
    members,
    sourceKindOf,
    figures(metric, where) {
      const cached = where === undefined ? whole.get(metric) : undefined;
      if (cached) return cached;
      const figures = metricFigures({
        metric,
        units: where === undefined ? allUnits : unitsFor(where),
        capitalSubjects,
        sourceKindOf,
        evidence,
      });
      if (where === undefined) whole.set(metric, figures);
      return figures;
    },
  };
}
