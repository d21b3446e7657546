import type { BuildLimitKind } from '../model/build-limit.js';

/**
 * The planner's inputs resolved to numbers by plan year (index 0 is `years[0]`): what the model is
 * built from, what overlays change, and what the independent check re-evaluates a plan against.
 * Money is in USD, capacity in facility MW (IT load is MW ÷ PUE).
 */
export interface PlanInstance {
  program: string;
  /** The as-of date: gating dates count from it. */
  asOf: string;
  years: number[];
  blockMw: number;
  discountRate: number;
  shortfallPenaltyUsdPerMwYear: number;
  /** Average draw ÷ capacity, for the power bill. */
  loadFactor: number;
  sites: PlanSite[];
  leases: PlanLease[];
  members: PlanMember[];
  limits: PlanLimit[];
  decisions: PlanGate[];
  /** Target MW online by the end of each year (non-decreasing). */
  targetMw: number[];
  /** Capacity that exists or is contracted already, MW online by the end of each year. */
  existingMw: number[];
}

export interface PlanSite {
  id: string;
  site: string;
  region: string;
  developer: string | undefined;
  /** Cumulative MW that can be energised by the end of each year, before any gating. */
  powerMw: number[];
  openingCostUsd: number;
  facilityCapexUsdPerMw: number;
  itCapexUsdPerMw: number;
  powerUsdPerMwh: number;
  pue: number;
  /** From the start of work to energisation, for gating. */
  buildMonths: number;
}

export interface PlanLease {
  id: string;
  provider: string;
  /** MW that can be leased in each year. */
  maxMw: number[];
  usdPerMwYear: number;
}

export const MEMBER_PLAN_ROLES = ['builder', 'investor-only'] as const;
export type MemberPlanRole = (typeof MEMBER_PLAN_ROLES)[number];

export interface PlanMember {
  party: string;
  /**
   * `builder`: its capital pays for anything and it may develop sites. `investor-only` (a financial
   * investor): its capital pays for capex and site opening only, not lease payments, and candidates
   * it would develop are not built.
   */
  role: MemberPlanRole;
  /** Capital made available in each year, USD; unspent capital carries over. */
  capitalUsd: number[];
  /** The commitments behind it. */
  commitments: string[];
}

export interface PlanLimit {
  id: string;
  kind: BuildLimitKind;
  region: string | undefined;
  /** The limit in each year; undefined: no limit that year. */
  mw: (number | undefined)[];
}

/** An open decision that candidates wait on: no work before it resolves. */
export interface PlanGate {
  id: string;
  /** The assumed resolution date (default: as-of + the decision's age; overridable). */
  resolves: string;
  /** How the date was set: `default` (as-of + age) or `overlay`. */
  basis: 'default' | 'overlay';
  /** Candidate ids that wait on it. */
  candidates: string[];
}

/** 1 / (1 + r)^t for each plan year. */
export function discountFactors(instance: Pick<PlanInstance, 'years' | 'discountRate'>): number[] {
  return instance.years.map((_, t) => 1 / (1 + instance.discountRate) ** t);
}

/** The year a date plus some months falls in. */
export function yearAfterMonths(date: string, months: number): number {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7)) - 1 + months;
  return year + Math.floor(month / 12);
}

/** The first plan-year index in which a candidate may be energised, given the open decisions. */
export function gateIndex(instance: PlanInstance, site: PlanSite): number {
  let first = 0;
  for (const gate of instance.decisions) {
    if (!gate.candidates.includes(site.id)) continue;
    const year = yearAfterMonths(gate.resolves, site.buildMonths);
    first = Math.max(first, year - (instance.years[0] as number));
  }
  return first;
}

/** Whether a member's role keeps it from developing sites. */
function isExcludedDeveloper(instance: PlanInstance, site: PlanSite): boolean {
  return instance.members.some((m) => m.party === site.developer && m.role === 'investor-only');
}

/**
 * The MW a candidate can have energised by the end of each year once gating and roles apply: its
 * power path, zero before the decisions it waits on allow work to finish, zero throughout if its
 * developer is investor-only.
 */
export function siteCapacityMw(instance: PlanInstance, site: PlanSite): number[] {
  if (isExcludedDeveloper(instance, site)) return site.powerMw.map(() => 0);
  const first = gateIndex(instance, site);
  return site.powerMw.map((mw, t) => (t < first ? 0 : mw));
}

/** Capex of one MW built at a site: the facility plus the IT load it carries. */
export function capexUsdPerMw(site: PlanSite): number {
  return site.facilityCapexUsdPerMw + site.itCapexUsdPerMw / site.pue;
}

/** Whether a member's capital may pay lease bills. */
export function fundsLeases(member: PlanMember): boolean {
  return member.role === 'builder';
}

/** The plan year a site's opening cost falls in: its first year with capacity (or none). */
export function openingIndex(capacity: readonly number[]): number | undefined {
  const t = capacity.findIndex((mw) => mw > 0);
  return t < 0 ? undefined : t;
}
