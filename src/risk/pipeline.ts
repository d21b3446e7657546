import type { SubjectState } from '../ledger/subject-state.js';
import { fieldBoolean, fieldDate, fieldNumber, fieldString } from '../ledger/subject-state.js';
import { isAttributed, type AttributionPolicy } from '../metrics/attribution.js';
import { capacityUnits, type SiteFilter } from '../metrics/capacity-units.js';
import type { DecisionRegister } from '../governance/decision-register.js';
import { daysBetween } from '../model/dates.js';
import type { Member } from '../model/program.js';
import {
  quantile,
  quantileTable,
  scaleDistribution,
  TABLE_SIZE,
  type Distribution,
} from './distribution.js';
import type { RiskModel } from './model.js';
import { STAGES, type RiskReference } from './reference.js';

export const DAYS_PER_MONTH = 365.25 / 12;

/** One thing in the pipeline: a facility, a contract's capacity not yet placed, or a plan's build. */
export interface PipelineItem {
  id: string;
  kind: 'facility' | 'contract' | 'plan-build' | 'plan-lease';
  label: string;
  status: string;
  mw: number;
  /** True when the size is not reported: it counts 0 MW. */
  mwUnknown: boolean;
  jobs: number;
  capital: number;
  region: string;
  state: string | null;
  site: string | null;
  venture: boolean;
  /** Waits on the program's open decisions: the venture's own capacity, but not a plan's leases. */
  gated: boolean;
  funder: string | null;
  /** Policies under which it counts for the program. */
  policies: AttributionPolicy[];
  /** Stages still ahead of it. */
  remaining: string[];
  /** The day it came online, if it has. */
  online: string | null;
  /** A plan build starts its stages on this day so that, at median durations, it is online when planned. */
  startsOn: string | null;
}

export interface PledgeEvaluation {
  pledge: string;
  policy: AttributionPolicy;
  metric: 'capacity_mw' | 'jobs' | 'sites';
  target: number;
  deadline: string;
  /** What all the items that count could add up to; below the target the pledge cannot be met. */
  attainable: number;
}

export interface GateView {
  decision: string;
  state: string;
  ageDays: number;
  /** Median days from V to its resolution (age × the factor for its state, × the shock strength). */
  medianDays: number;
  /** A resolution date fixed by a what-if, if any. */
  resolves: string | null;
}

export interface CompiledPipeline {
  model: RiskModel;
  items: PipelineItem[];
  evaluations: PledgeEvaluation[];
  /** Pledges the model does not simulate, and why. */
  skipped: { pledge: string; reason: string }[];
  gates: GateView[];
  policies: AttributionPolicy[];
  regions: string[];
  funders: string[];
}

/** A plan run's builds, as the risk model takes them (see `stargate plan`). */
export interface PlanBuilds {
  id: number;
  builds: { candidate: string; site: string; region: string; year: number; mw: number }[];
  leases: { offer: string; provider: string; year: number; mw: number }[];
}

/** What a facility's status says it has already done. */
function passedStages(status: string): Set<string> {
  switch (status) {
    case 'site-secured':
      return new Set(['site-control']);
    case 'permitted':
      return new Set(['site-control', 'permits']);
    case 'under-construction':
      return new Set(['site-control', 'permits']);
    case 'energized':
      return new Set(STAGES.filter((s) => s !== 'accelerators'));
    case 'contracted':
      // A capacity contract with no facility named: the provider is taken to control a site.
      return new Set(['site-control']);
    default:
      return new Set();
  }
}

function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + Math.round(days));
  return d.toISOString().slice(0, 10);
}

function matches(item: PipelineItem, where: SiteFilter | undefined, siteRegion: string): boolean {
  if (!where) return true;
  if (where.site !== undefined && item.site !== where.site) return false;
  if (where.state !== undefined && item.state !== where.state) return false;
  if (where.region !== undefined && siteRegion !== where.region) return false;
  return true;
}

/**
 * Build the risk model of a program at (V, K) from the ledger's states, the decision register, the
 * reference data and optionally a plan's builds. Pure. Facilities and contracts come from the same
 * capacity units as the status report, so what is simulated is what `status` counts.
 */
export function compilePipeline(options: {
  states: readonly SubjectState[];
  asOf: string;
  program: string;
  reference: RiskReference;
  register: DecisionRegister | undefined;
  plan?: PlanBuilds | undefined;
  /** Decisions whose resolution a what-if fixes: id → ISO day. */
  resolves?: ReadonlyMap<string, string>;
}): CompiledPipeline {
  const { states, asOf, reference } = options;
  const byId = new Map(states.map((s) => [s.id, s]));
  const program = byId.get(options.program) as SubjectState;
  const members = (program.fields.members?.value as Member[] | undefined) ?? [];
  const memberIds = new Set(members.map((m) => m.party));
  const financier =
    members.find((m) => m.lead === true && m.roles.includes('financier'))?.party ??
    members.find((m) => m.roles.includes('financier'))?.party ??
    null;
  const policies: AttributionPolicy[] = ['venture', 'claimed'];
  const attributedUnder = (subject: SubjectState) =>
    policies.filter((policy) =>
      isAttributed({ subject, program: program.id, members: memberIds, policy }),
    );

  const items: PipelineItem[] = [];
  const siteRegionOf = new Map<string, string>();
  const siteState = (site: SubjectState | undefined) => ({
    region: site ? (fieldString(site, 'grid_region') ?? 'unknown') : 'unknown',
    state: site ? (fieldString(site, 'state') ?? null) : null,
    site: site?.id ?? null,
  });

  for (const unit of capacityUnits({ states: byId })) {
    const policiesOf = attributedUnder(unit.subject);
    if (policiesOf.length === 0) continue;
    const venture = fieldBoolean(unit.subject, 'venture_party') === true;
    const claimant =
      fieldString(unit.subject, 'claimed_by') ??
      fieldString(unit.subject, 'buyer') ??
      fieldString(unit.subject, 'developer') ??
      null;
    const funder = venture ? financier : claimant;
    let placed = 0;
    for (const part of unit.facilities) {
      const f = part.facility;
      const status = fieldString(f, 'status') ?? 'planned';
      const where = siteState(part.site);
      if (where.site) siteRegionOf.set(where.site, where.region);
      const passed = passedStages(status);
      const online = status === 'operational' ? (f.fields.status?.valid ?? f.created.valid) : null;
      placed += part.mw ?? 0;
      items.push({
        id: f.id,
        kind: 'facility',
        label: fieldString(f, 'name') ?? f.id,
        status,
        mw: part.mw ?? 0,
        mwUnknown: part.mw === undefined,
        jobs: fieldNumber(f, 'jobs') ?? 0,
        capital: fieldNumber(f, 'committed_usd') ?? 0,
        ...where,
        venture: venture || fieldBoolean(f, 'venture_party') === true,
        gated: venture || fieldBoolean(f, 'venture_party') === true,
        funder,
        policies: policiesOf,
        remaining: online ? [] : STAGES.filter((s) => !passed.has(s)),
        online,
        startsOn: null,
      });
    }
    if (unit.subject.kind === 'contract') {
      const contractMw = unit.mw[1];
      const rest = contractMw === undefined ? 0 : contractMw - placed;
      // Capacity a contract has not placed at a named facility is built as campuses of at most
      // `contract_campus_mw`, in parallel: 4.5 GW is several sites, not one 4.5 GW building.
      const campus = reference.contract_campus_mw;
      const count = rest > 0 ? Math.ceil(rest / campus) : contractMw === undefined ? 1 : 0;
      for (let c = 0; c < count; c += 1) {
        const passed = passedStages('contracted');
        items.push({
          id: count > 1 ? `${unit.subject.id}#${c + 1}` : unit.subject.id,
          kind: 'contract',
          label: `${unit.subject.id}: capacity not yet placed at a facility${count > 1 ? `, campus ${c + 1} of ${count}` : ''}`,
          status: 'contracted',
          mw: rest > 0 ? Math.min(campus, rest - c * campus) : 0,
          mwUnknown: contractMw === undefined,
          jobs: 0,
          capital: 0,
          region: 'unknown',
          state: null,
          site: null,
          venture,
          gated: venture,
          funder,
          policies: policiesOf,
          remaining: STAGES.filter((s) => !passed.has(s)),
          online: null,
          startsOn: null,
        });
      }
    }
  }

  // A stored plan's builds are the venture's own capacity: gated like any venture capacity, and
  // started so that at median durations each is online by the start of its planned year.
  const medianLead = criticalPathMedianDays(reference, STAGES);
  const leaseLead = reference.stages.accelerators.duration;
  for (const b of options.plan?.builds ?? []) {
    const planned = `${b.year}-01-01`;
    items.push({
      id: `plan-${options.plan?.id}:${b.candidate}:${b.year}`,
      kind: 'plan-build',
      label: `${b.candidate} ${b.year} (plan ${options.plan?.id})`,
      status: 'planned',
      mw: b.mw,
      mwUnknown: false,
      jobs: 0,
      capital: 0,
      region: b.region,
      state: null,
      site: b.site,
      venture: true,
      gated: true,
      funder: financier,
      policies,
      remaining: [...STAGES],
      online: null,
      startsOn: addDays(planned, -medianLead),
    });
    siteRegionOf.set(b.site, b.region);
  }
  // A plan lists each lease's MW in each year it runs; what comes online is the increase.
  const leased = new Map<string, number>();
  const leases = [...(options.plan?.leases ?? [])].sort((a, b) => a.year - b.year);
  for (const l of leases) {
    const before = leased.get(l.offer) ?? 0;
    leased.set(l.offer, Math.max(before, l.mw));
    if (l.mw <= before) continue;
    items.push({
      id: `plan-${options.plan?.id}:${l.offer}:${l.year}`,
      kind: 'plan-lease',
      label: `lease ${l.offer} ${l.year} (plan ${options.plan?.id})`,
      status: 'contracted',
      mw: l.mw - before,
      mwUnknown: false,
      jobs: 0,
      capital: 0,
      region: 'unknown',
      state: null,
      site: null,
      venture: true,
      // The planner leases without waiting on decisions; the lessor builds and operates.
      gated: false,
      funder: financier,
      policies,
      remaining: ['accelerators'],
      online: null,
      startsOn: addDays(`${l.year}-01-01`, -quantile(leaseLead, 0.5) * DAYS_PER_MONTH),
    });
  }

  // Pledges: capacity, jobs and sites are simulated at the stage they count at, if operational.
  const evaluations: PledgeEvaluation[] = [];
  const evalMasks: Uint8Array[] = [];
  const skipped: { pledge: string; reason: string }[] = [];
  const pledges = states
    .filter((s) => s.kind === 'pledge' && fieldString(s, 'program') === program.id)
    .sort((a, b) => a.created.seq - b.created.seq);
  for (const p of pledges) {
    const metric = fieldString(p, 'metric');
    const countsAt =
      fieldString(p, 'counts_at') ?? (metric === 'capital_usd' ? 'committed' : 'operational');
    const status = fieldString(p, 'status') ?? 'active';
    if (metric === 'capital_usd') {
      skipped.push({
        pledge: p.id,
        reason: 'capital counts when committed, which the pipeline model does not draw',
      });
      continue;
    }
    if (countsAt !== 'operational') {
      skipped.push({
        pledge: p.id,
        reason: `counts at ${countsAt}; the model simulates when capacity comes online`,
      });
      continue;
    }
    if (status === 'withdrawn') {
      skipped.push({ pledge: p.id, reason: 'withdrawn' });
      continue;
    }
    const where = p.fields.where?.value as SiteFilter | undefined;
    const deadline = fieldDate(p, 'deadline');
    const target = fieldNumber(p, 'target');
    if (!deadline || target === undefined) continue;
    for (const policy of policies) {
      const mask = new Uint8Array(items.length);
      let attainable = 0;
      const sites = new Set<string>();
      items.forEach((item, i) => {
        const region = item.site ? (siteRegionOf.get(item.site) ?? item.region) : item.region;
        if (!item.policies.includes(policy) || !matches(item, where, region)) return;
        mask[i] = 1;
        if (metric === 'capacity_mw') attainable += item.mw;
        else if (metric === 'jobs') attainable += item.jobs;
        else if (item.site) sites.add(item.site);
      });
      if (metric === 'sites') attainable = sites.size;
      evaluations.push({
        pledge: p.id,
        policy,
        metric: metric as PledgeEvaluation['metric'],
        target,
        deadline: deadline.end,
        attainable,
      });
      evalMasks.push(mask);
    }
  }

  // Open decisions gate venture capacity, program-wide.
  const gov = reference.shocks.governance;
  const gates: GateView[] = [];
  for (const d of options.register?.decisions ?? []) {
    if (d.status !== 'open') continue;
    const state = d.outcome?.state ?? 'undetermined';
    if (state === 'carried') continue;
    const factor = gov.factors[state as 'deadlocked' | 'open' | 'undetermined'];
    gates.push({
      decision: d.id,
      state,
      ageDays: d.ageDays,
      medianDays: Math.max(1, d.ageDays) * factor * gov.strength,
      resolves: options.resolves?.get(d.id) ?? null,
    });
  }

  const regions = [...new Set(items.map((i) => i.region))].sort();
  const funders = [
    ...new Set(items.map((i) => i.funder).filter((f): f is string => f !== null)),
  ].sort();
  const siteIds = [
    ...new Set(items.map((i) => i.site).filter((s): s is string => s !== null)),
  ].sort();
  const n = items.length;
  const horizonDays = Math.round(reference.horizon_years * 365.25);

  const stageTables = new Float64Array(STAGES.length * (TABLE_SIZE + 1));
  STAGES.forEach((stage, s) =>
    stageTables.set(
      quantileTable(reference.stages[stage].duration, DAYS_PER_MONTH),
      s * (TABLE_SIZE + 1),
    ),
  );
  const scale = new Float64Array(n * STAGES.length);
  items.forEach((item, i) => {
    STAGES.forEach((stage, s) => {
      if (!item.remaining.includes(stage)) return;
      const ref = reference.stages[stage];
      let m = ref.by_region?.[item.region] ?? 1;
      if (ref.size_exponent !== undefined && item.mw > 0) {
        const size = (item.mw / (ref.size_reference_mw ?? 1000)) ** ref.size_exponent;
        m *= Math.min(1.5, Math.max(0.5, size));
      }
      if (
        item.status === 'under-construction' &&
        (stage === 'construction' || stage === 'interconnection' || stage === 'equipment')
      )
        m *= reference.under_construction_remaining;
      scale[i * STAGES.length + s] = m;
    });
  });
  const gateTables = new Float64Array(gates.length * (TABLE_SIZE + 1));
  gates.forEach((g, d) => {
    if (g.medianDays > 0)
      gateTables.set(
        quantileTable({ kind: 'lognormal', median: g.medianDays, sigma: gov.sigma }, 1),
        d * (TABLE_SIZE + 1),
      );
  });
  const fin = reference.shocks.financing;
  const policyMask = new Uint8Array(policies.length * n);
  const totals = (pick: (item: PipelineItem) => number) =>
    Float64Array.from(
      policies.map((p) =>
        items.filter((i) => i.policies.includes(p)).reduce((sum, i) => sum + pick(i), 0),
      ),
    );
  policies.forEach((p, k) =>
    items.forEach((item, i) => (policyMask[k * n + i] = item.policies.includes(p) ? 1 : 0)),
  );
  const evalMask = new Uint8Array(evaluations.length * n);
  evalMasks.forEach((m, e) => evalMask.set(m, e * n));

  const model: RiskModel = {
    asOf,
    horizonDays,
    nItems: n,
    stageTables,
    scale,
    start: Float64Array.from(
      items.map((i) => (i.startsOn ? Math.max(0, daysBetween(asOf, i.startsOn)) : 0)),
    ),
    fixedOnline: Float64Array.from(
      items.map((i) => (i.online ? Math.min(0, daysBetween(asOf, i.online)) : Number.NaN)),
    ),
    region: Int32Array.from(items.map((i) => regions.indexOf(i.region))),
    nRegions: regions.length,
    funder: Int32Array.from(items.map((i) => (i.funder === null ? -1 : funders.indexOf(i.funder)))),
    nFunders: funders.length,
    gated: Uint8Array.from(items.map((i) => (i.gated ? 1 : 0))),
    mw: Float64Array.from(items.map((i) => i.mw)),
    jobs: Float64Array.from(items.map((i) => i.jobs)),
    capital: Float64Array.from(items.map((i) => i.capital)),
    site: Int32Array.from(items.map((i) => (i.site === null ? -1 : siteIds.indexOf(i.site)))),
    nSites: siteIds.length,
    supplySigma: reference.shocks.supply.sigma * reference.shocks.supply.strength,
    gridSigma: reference.shocks.grid.sigma * reference.shocks.grid.strength,
    financeLate: fin.late_probability * fin.strength,
    financeDrop: fin.drop_probability * fin.strength,
    financeDelayTable: quantileTable(fin.delay, DAYS_PER_MONTH),
    gateTables,
    gateFixed: Float64Array.from(
      gates.map((g) =>
        g.resolves ? Math.max(0, daysBetween(asOf, g.resolves)) : g.medianDays > 0 ? Number.NaN : 0,
      ),
    ),
    nEvals: evaluations.length,
    evalMetric: Uint8Array.from(
      evaluations.map((e) => (e.metric === 'capacity_mw' ? 0 : e.metric === 'jobs' ? 1 : 2)),
    ),
    evalTarget: Float64Array.from(evaluations.map((e) => e.target)),
    evalDeadline: Float64Array.from(evaluations.map((e) => daysBetween(asOf, e.deadline))),
    evalMask,
    nPolicies: policies.length,
    policyMask,
    policyTotalMw: totals((i) => i.mw),
    policyTotalCapital: totals((i) => i.capital),
    policyTotalJobs: totals((i) => i.jobs),
    quarterEnds: periodEnds(asOf, horizonDays, 3),
    yearEnds: periodEnds(asOf, horizonDays, 12),
  };
  return { model, items, evaluations, skipped, gates, policies, regions, funders };
}

/** Days after V of the last day of each calendar quarter (3) or year (12) within the horizon. */
export function periodEnds(asOf: string, horizonDays: number, months: number): Float64Array {
  const out: number[] = [];
  const d = new Date(`${asOf}T00:00:00Z`);
  let y = d.getUTCFullYear();
  let m = Math.floor(d.getUTCMonth() / months) * months + months; // first month after the period
  for (;;) {
    if (m >= 12) {
      y += Math.floor(m / 12);
      m %= 12;
    }
    const end = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
    const days = daysBetween(asOf, end);
    if (days > horizonDays) break;
    out.push(days);
    m += months;
  }
  return Float64Array.from(out);
}

/** The critical path of the full schedule network at median durations, in days. */
export function criticalPathMedianDays(
  reference: RiskReference,
  stages: readonly string[],
): number {
  const med = (stage: (typeof STAGES)[number]) =>
    stages.includes(stage) ? quantile(reference.stages[stage].duration, 0.5) * DAYS_PER_MONTH : 0;
  const site = med('site-control');
  const ready = Math.max(
    med('permits') + med('construction'),
    med('interconnection'),
    med('equipment'),
  );
  return site + ready + med('energisation') + med('accelerators');
}

/** A reference with one stage's duration scaled (a tornado end). */
export function withStageScaled(
  reference: RiskReference,
  stage: (typeof STAGES)[number],
  factor: number,
): RiskReference {
  const s = reference.stages[stage];
  return {
    ...reference,
    stages: {
      ...reference.stages,
      [stage]: { ...s, duration: scaleDistribution(s.duration as Distribution, factor) },
    },
  };
}
