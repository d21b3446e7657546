import type { PlanInstance } from './plan-instance.js';

/** How much a limit is relaxed to measure what it costs the plan. */
export const RELAXATION = 0.25;

export interface LimitRelaxation {
  /** e.g. `limit:construction`, `capital:softbank`, `decision:site-selection`. */
  limit: string;
  label: string;
  relax: (instance: PlanInstance) => PlanInstance;
}

const more = (v: number) => v * (1 + RELAXATION);

/**
 * The limits whose effect the planner measures, each with the instance it is relaxed in: every
 * build limit, each member's capital and each lease offer loosened by 25%, the candidates' power
 * paths by 25%, and each open decision resolved on the as-of date. Ranking them by how much the
 * re-solved plan improves is the method documented in the README ("binding constraints"): it
 * answers "what would it be worth to move this limit", which shadow prices of the LP with the
 * integer decisions fixed answer only at the margin and not for the opening and gating choices.
 */
export function limitRelaxations(instance: PlanInstance): LimitRelaxation[] {
  const relaxations: LimitRelaxation[] = [];
  instance.limits.forEach((limit, i) =>
    relaxations.push({
      limit: `limit:${limit.id}`,
      label: `${limit.kind}${limit.region ? ` (${limit.region})` : ''} +25%`,
      relax: (x) => ({
        ...x,
        limits: x.limits.map((l, j) =>
          j === i ? { ...l, mw: l.mw.map((v) => (v === undefined ? v : more(v))) } : l,
        ),
      }),
    }),
  );
  instance.members.forEach((member, i) =>
    relaxations.push({
      limit: `capital:${member.party}`,
      label: `${member.party}'s capital +25%`,
      relax: (x) => ({
        ...x,
        members: x.members.map((m, j) =>
          j === i ? { ...m, capitalUsd: m.capitalUsd.map(more) } : m,
        ),
      }),
    }),
  );
  instance.leases.forEach((lease, i) =>
    relaxations.push({
      limit: `lease:${lease.id}`,
      label: `${lease.id} (${lease.provider}) offer +25%`,
      relax: (x) => ({
        ...x,
        leases: x.leases.map((l, j) => (j === i ? { ...l, maxMw: l.maxMw.map(more) } : l)),
      }),
    }),
  );
  if (instance.sites.length > 0)
    relaxations.push({
      limit: 'power:candidates',
      label: 'power at every candidate +25%',
      relax: (x) => ({ ...x, sites: x.sites.map((s) => ({ ...s, powerMw: s.powerMw.map(more) })) }),
    });
  instance.decisions.forEach((gate, i) =>
    relaxations.push({
      limit: `decision:${gate.id}`,
      label: `${gate.id} resolved on ${instance.asOf} (not ${gate.resolves})`,
      relax: (x) => ({
        ...x,
        decisions: x.decisions.map((d, j) => (j === i ? { ...d, resolves: x.asOf } : d)),
      }),
    }),
  );
  return relaxations;
}
