import { StargateError } from '../errors.js';
import type { SubjectState, ViewPoint } from '../ledger/subject-state.js';
import { fieldNumber, fieldString, fieldStrings } from '../ledger/subject-state.js';
import { isAttributed, type AttributionPolicy } from '../metrics/attribution.js';
import { capacityUnits } from '../metrics/capacity-units.js';
import type { BuildLimitKind } from '../model/build-limit.js';
import { daysBetween } from '../model/dates.js';
import type { Member } from '../model/program.js';
import type { PlanGate, PlanInstance, PlanLimit, PlanMember, PlanSite } from './plan-instance.js';
import { yearAfterMonths } from './plan-instance.js';

/** A named what-if shipped in the ledger (`plan_scenarios`). */
export interface PlanScenarioView {
  id: string;
  title: string;
  set: Record<string, string | number | boolean>;
}

export interface PlanInputs {
  instance: PlanInstance;
  scenarios: PlanScenarioView[];
  /** Capacity units counted as existing, for the report. */
  existing: { subject: string; mw: number; fromYear: number }[];
}

type YearMap = Record<string, number>;

function yearMap(state: SubjectState, field: string): YearMap {
  const v = state.fields[field]?.value;
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as YearMap) : {};
}

/** A path read as "held from each year named until the next": 0 before the first. */
function heldPath(map: YearMap, years: readonly number[]): number[] {
  const keys = Object.keys(map)
    .map(Number)
    .sort((a, b) => a - b);
  return years.map((year) => {
    let value = 0;
    for (const k of keys) if (k <= year) value = map[String(k)] as number;
    return value;
  });
}

/** A limit read the same way, but unlimited (undefined) before the first year named. */
function limitPath(map: YearMap, years: readonly number[]): (number | undefined)[] {
  const keys = Object.keys(map)
    .map(Number)
    .sort((a, b) => a - b);
  return years.map((year) => {
    let value: number | undefined;
    for (const k of keys) if (k <= year) value = map[String(k)] as number;
    return value;
  });
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The planner's inputs for one program at (V, K): its candidates, leases, members' capital, limits,
 * target and settings as known then, the open decisions candidates wait on (resolving, by default,
 * as long after V as they have been open), and the capacity that already exists or is contracted
 * under the attribution policy. Pure: the caller passes the states. Throws StargateError on inputs
 * a plan cannot be built from, naming the subject at fault.
 */
export function planInputsFromStates(options: {
  states: readonly SubjectState[];
  at: ViewPoint;
  policy: AttributionPolicy;
  program?: string | undefined;
}): PlanInputs {
  const { states, at, policy } = options;
  const byId = new Map(states.map((s) => [s.id, s]));
  const programs = states.filter((s) => s.kind === 'program').map((s) => s.id);
  const programId = options.program ?? (programs.length === 1 ? programs[0] : undefined);
  if (programId === undefined)
    throw new StargateError(
      programs.length === 0 ? 'not-found' : 'usage',
      programs.length === 0
        ? `no program as of ${at.asOf}, known at ${at.knownAt}; import a scenario first`
        : `the ledger holds several programs (${programs.join(', ')}); choose one with --program`,
    );
  const program = byId.get(programId);
  if (!program || program.kind !== 'program')
    throw new StargateError(
      'not-found',
      `no program "${programId}" as of ${at.asOf}, known at ${at.knownAt}`,
    );
  const ofProgram = (kind: SubjectState['kind']) =>
    states
      .filter((s) => s.kind === kind && fieldString(s, 'program') === programId)
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  const settingsStates = ofProgram('plan-settings');
  const settings = settingsStates[0];
  if (!settings)
    throw new StargateError(
      'not-found',
      `no plan settings for program "${programId}" known at ${at.knownAt}: import the planning inputs (scenarios/stargate-planning.yaml), or ask with a later --known-at`,
    );
  if (settingsStates.length > 1)
    throw new StargateError(
      'invalid-input',
      `program "${programId}" has several plan settings (${settingsStates.map((s) => s.id).join(', ')}); keep one`,
    );
  const firstYear = fieldNumber(settings, 'first_year') ?? Number(at.asOf.slice(0, 4));
  const years = Array.from(
    { length: fieldNumber(settings, 'years') ?? 6 },
    (_, t) => firstYear + t,
  );
  const defaultBuildMonths = fieldNumber(settings, 'build_months') ?? 24;

  const memberList = (program.fields.members?.value as Member[] | undefined) ?? [];
  const memberIds = new Set(memberList.map((m) => m.party));
  const members = new Map<string, PlanMember>();
  for (const c of ofProgram('capital-commitment')) {
    const party = fieldString(c, 'party') as string;
    if (!memberIds.has(party))
      throw new StargateError(
        'invalid-input',
        `capital commitment "${c.id}": "${party}" is not a member of program "${programId}" (members: ${[...memberIds].join(', ')})`,
        { where: c.id },
      );
    const member = members.get(party) ?? {
      party,
      role: 'builder' as const,
      capitalUsd: years.map(() => 0),
      commitments: [],
    };
    const map = yearMap(c, 'usd_by_year');
    // Capital committed for years before the plan starts is unspent as far as the plan knows, and
    // carries into its first year.
    const carried = Object.entries(map)
      .filter(([year]) => Number(year) < firstYear)
      .reduce((sum, [, usd]) => sum + usd, 0);
    member.capitalUsd = member.capitalUsd.map(
      (v, t) => v + (map[String(years[t])] ?? 0) + (t === 0 ? carried : 0),
    );
    member.commitments.push(c.id);
    members.set(party, member);
  }

  const sites: PlanSite[] = ofProgram('candidate').map((c) => {
    const site = byId.get(fieldString(c, 'site') ?? '');
    const num = (field: string) => {
      const v = fieldNumber(c, field);
      if (v === undefined)
        throw new StargateError(
          'invalid-input',
          `candidate "${c.id}": no ${field} known at ${at.knownAt}`,
          {
            where: c.id,
          },
        );
      return v;
    };
    return {
      id: c.id,
      site: fieldString(c, 'site') as string,
      region: (site && fieldString(site, 'grid_region')) ?? 'other',
      developer: fieldString(c, 'developer'),
      powerMw: heldPath(yearMap(c, 'mw_by_year'), years),
      openingCostUsd: num('opening_cost_usd'),
      facilityCapexUsdPerMw: num('facility_capex_usd_per_mw'),
      itCapexUsdPerMw: num('it_capex_usd_per_mw'),
      powerUsdPerMwh: num('power_usd_per_mwh'),
      pue: num('pue'),
      buildMonths: fieldNumber(c, 'build_months') ?? defaultBuildMonths,
    };
  });

  const leases = ofProgram('lease-offer').map((l) => ({
    id: l.id,
    provider: fieldString(l, 'provider') as string,
    maxMw: heldPath(yearMap(l, 'mw_by_year'), years),
    usdPerMwYear: fieldNumber(l, 'usd_per_mw_year') ?? 0,
  }));

  const limits: PlanLimit[] = ofProgram('build-limit').map((l) => {
    const kind = fieldString(l, 'limit') as BuildLimitKind;
    const region = fieldString(l, 'region');
    if (kind === 'grid-headroom' && region === undefined)
      throw new StargateError(
        'invalid-input',
        `build limit "${l.id}": a grid-headroom limit names its region`,
        {
          where: l.id,
        },
      );
    return { id: l.id, kind, region, mw: limitPath(yearMap(l, 'mw_by_year'), years) };
  });

  const targets = ofProgram('target-path');
  const target = targets[0];
  if (!target)
    throw new StargateError(
      'not-found',
      `no target path for program "${programId}" known at ${at.knownAt}`,
    );
  if (targets.length > 1)
    throw new StargateError(
      'invalid-input',
      `program "${programId}" has several target paths (${targets.map((s) => s.id).join(', ')}); keep one`,
    );

  // Open decisions that candidates (or their sites) wait on.
  const decisions: PlanGate[] = [];
  for (const d of ofProgram('decision')) {
    if (fieldString(d, 'status') !== 'open') continue;
    const blocks = new Set(fieldStrings(d, 'blocks'));
    const candidates = sites.filter((s) => blocks.has(s.id) || blocks.has(s.site)).map((s) => s.id);
    if (candidates.length === 0) continue;
    const age = Math.max(0, daysBetween(d.created.valid, at.asOf));
    decisions.push({ id: d.id, resolves: addDays(at.asOf, age), basis: 'default', candidates });
  }

  // What exists or is contracted already, under the policy, counts from when it is expected online.
  const units = capacityUnits({ states: byId }).filter((u) =>
    isAttributed({ subject: u.subject, program: programId, members: memberIds, policy }),
  );
  const existingMw = years.map(() => 0);
  const existing: PlanInputs['existing'] = [];
  const ucMonths = fieldNumber(settings, 'under_construction_online_months') ?? 12;
  const contractedMonths = fieldNumber(settings, 'contracted_online_months') ?? 24;
  for (const unit of units) {
    const [, contracted = 0, building = 0, operational = 0] = unit.mw.map((v) => v ?? 0);
    const parts: [number, number][] = [
      [operational, Number(at.asOf.slice(0, 4))],
      [building - operational, yearAfterMonths(at.asOf, ucMonths)],
      [contracted - building, yearAfterMonths(at.asOf, contractedMonths)],
    ];
    for (const [mw, fromYear] of parts) {
      if (mw <= 0) continue;
      existing.push({ subject: unit.subject.id, mw, fromYear });
      years.forEach((year, t) => {
        if (year >= fromYear) existingMw[t] = (existingMw[t] as number) + mw;
      });
    }
  }

  const scenarios = ofProgram('plan-scenario').map((s) => ({
    id: s.id,
    title: fieldString(s, 'title') ?? s.id,
    set: (s.fields.set?.value as Record<string, string | number | boolean> | undefined) ?? {},
  }));

  return {
    instance: {
      program: programId,
      asOf: at.asOf,
      years,
      blockMw: fieldNumber(settings, 'block_mw') ?? 100,
      discountRate: fieldNumber(settings, 'discount_rate') ?? 0,
      shortfallPenaltyUsdPerMwYear:
        fieldNumber(settings, 'shortfall_penalty_usd_per_mw_year') ?? 1e9,
      loadFactor: fieldNumber(settings, 'load_factor') ?? 1,
      sites,
      leases,
      members: [...members.values()].sort((a, b) => (a.party < b.party ? -1 : 1)),
      limits,
      decisions,
      targetMw: heldPath(yearMap(target, 'mw_by_year'), years),
      existingMw,
    },
    scenarios,
    existing,
  };
}
