import type { Cell, SubjectState } from '../ledger/subject-state.js';
import { fieldNumber, fieldString } from '../ledger/subject-state.js';
import type { FacilityStatus } from '../model/facility.js';

/** The cumulative funnel, in order: each stage includes the ones after it. */
export const STAGE_KEYS = ['announced', 'contracted', 'underConstruction', 'operational'] as const;
export type StageKey = (typeof STAGE_KEYS)[number];
export const STAGE_INDEX: Record<StageKey, number> = {
  announced: 0,
  contracted: 1,
  underConstruction: 2,
  operational: 3,
};

/**
 * A facility's status on the funnel. Energised counts as under construction (power on, not yet
 * serving); a standalone facility under construction is treated as contracted too (someone is paying
 * a builder), which is why the funnel is cumulative. Cancelled leaves the funnel (-1).
 */
export function facilityStage(status: string | undefined): number {
  switch (status as FacilityStatus | undefined) {
    case 'under-construction':
    case 'energized':
      return 2;
    case 'operational':
      return 3;
    case 'cancelled':
      return -1;
    case 'announced':
    case 'planned':
    case 'site-secured':
    case 'permitted':
    case undefined:
      return 0;
  }
}

export interface SiteFilter {
  state?: string | undefined;
  region?: string | undefined;
  site?: string | undefined;
}

export interface FacilityPart {
  facility: SubjectState;
  site: SubjectState | undefined;
  stage: number;
  mw: number | undefined;
}

/** What capacity is counted by: a contract (with the facilities that deliver it) or a standalone facility. */
export interface CapacityUnit {
  subject: SubjectState;
  facilities: FacilityPart[];
  /** MW at each stage, cumulative; undefined where the size is not known. */
  mw: (number | undefined)[];
  /** Highest stage reached: 0 announced … 3 operational. */
  stage: number;
  /** The day the unit last advanced at or beyond "contracted", if it has. */
  progress: string | undefined;
  /** The cells the figures rest on. */
  cells: (Cell | undefined)[];
}

function matchesSite(site: SubjectState | undefined, filter: SiteFilter | undefined): boolean {
  if (!filter) return true;
  if (!site) return false;
  if (filter.site !== undefined && site.id !== filter.site) return false;
  if (filter.state !== undefined && fieldString(site, 'state') !== filter.state) return false;
  if (filter.region !== undefined && fieldString(site, 'grid_region') !== filter.region)
    return false;
  return true;
}

function maxDate(dates: (string | undefined)[]): string | undefined {
  let best: string | undefined;
  for (const d of dates) if (d !== undefined && (best === undefined || d > best)) best = d;
  return best;
}

function sumKnown(values: (number | undefined)[]): number | undefined {
  let total = 0;
  for (const v of values) {
    if (v === undefined) return undefined;
    total += v;
  }
  return total;
}

/** A facility on the funnel, with the contract it delivers when that contract is visible. */
export interface PlacedPart extends FacilityPart {
  contract: string | undefined;
}

/**
 * Every facility that is on the funnel (not cancelled), with its site, stage, size and contract.
 * A view computes this once and groups it into units for each site filter it needs.
 */
export function facilityParts(states: ReadonlyMap<string, SubjectState>): PlacedPart[] {
  const parts: PlacedPart[] = [];
  for (const state of states.values()) {
    if (state.kind !== 'facility') continue;
    const stage = facilityStage(fieldString(state, 'status'));
    if (stage < 0) continue;
    const siteId = fieldString(state, 'site');
    const contract = fieldString(state, 'contract');
    parts.push({
      facility: state,
      site: siteId === undefined ? undefined : states.get(siteId),
      stage,
      mw: fieldNumber(state, 'capacity_mw'),
      contract:
        contract !== undefined && states.get(contract)?.kind === 'contract' ? contract : undefined,
    });
  }
  return parts;
}

/**
 * Group contracts and facilities into capacity units. A facility that names a visible contract is
 * part of that contract's unit, so its megawatts are not counted twice. `parts` are
 * `facilityParts(states)` when the caller has them; `include` keeps only the units whose subject
 * (the contract, or the standalone facility) it accepts, so that no unit is built to be dropped.
 */
export function capacityUnits(options: {
  states: ReadonlyMap<string, SubjectState>;
  where?: SiteFilter | undefined;
  parts?: readonly PlacedPart[] | undefined;
  include?: ((subject: SubjectState) => boolean) | undefined;
}): CapacityUnit[] {
  const { states, where, include } = options;
  const partsByContract = new Map<string, FacilityPart[]>();
  const standalone: FacilityPart[] = [];
  for (const placed of options.parts ?? facilityParts(states)) {
    if (!matchesSite(placed.site, where)) continue;
    const part: FacilityPart = {
      facility: placed.facility,
      site: placed.site,
      stage: placed.stage,
      mw: placed.mw,
    };
    const { contract } = placed;
    if (contract !== undefined) {
      const parts = partsByContract.get(contract);
      if (parts) parts.push(part);
      else partsByContract.set(contract, [part]);
    } else if (include === undefined || include(placed.facility)) standalone.push(part);
  }

  const units: CapacityUnit[] = [];
  for (const state of states.values()) {
    if (state.kind !== 'contract' || fieldString(state, 'status') === 'terminated') continue;
    if (!['capacity', 'lease', 'build'].includes(fieldString(state, 'kind') ?? '')) continue;
    if (include !== undefined && !include(state)) continue;
    const parts = partsByContract.get(state.id) ?? [];
    if (where && parts.length === 0) continue; // a site filter needs facilities to place the capacity
    const partsMw = sumKnown(parts.map((p) => p.mw));
    const mw = where
      ? partsMw
      : (fieldNumber(state, 'capacity_mw') ?? (parts.length > 0 ? partsMw : undefined));
    const reached = (stage: number): number | undefined => {
      const inStage = sumKnown(parts.filter((p) => p.stage >= stage).map((p) => p.mw));
      if (inStage === undefined) return undefined;
      return mw === undefined ? inStage : Math.min(mw, inStage);
    };
    const stage = Math.max(1, ...parts.map((p) => p.stage));
    units.push({
      subject: state,
      facilities: parts,
      mw: [mw, mw, reached(2), reached(3)],
      stage,
      progress: maxDate([
        state.created.valid,
        state.fields.capacity_mw?.valid,
        ...parts.filter((p) => p.stage >= 2).map((p) => p.facility.fields.status?.valid),
      ]),
      cells: [
        state.fields.claimed_for,
        state.fields.venture_party,
        state.fields.capacity_mw,
        state.fields.signed,
        ...parts.flatMap((p) => [p.facility.fields.status, p.facility.fields.capacity_mw]),
      ],
    });
  }
  for (const part of standalone) {
    const { facility, stage, mw } = part;
    // Under construction implies contracted: the funnel is cumulative.
    const effective = stage >= 2 ? stage : 0;
    units.push({
      subject: facility,
      facilities: [part],
      mw: [mw, effective >= 1 ? mw : 0, effective >= 2 ? mw : 0, effective >= 3 ? mw : 0],
      stage: effective,
      progress:
        effective >= 2
          ? maxDate([facility.fields.status?.valid, facility.fields.capacity_mw?.valid])
          : undefined,
      cells: [
        facility.fields.claimed_for,
        facility.fields.venture_party,
        facility.fields.status,
        facility.fields.capacity_mw,
      ],
    });
  }
  return units;
}
