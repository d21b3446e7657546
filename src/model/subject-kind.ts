import type { z } from 'zod';
import { Charter } from './charter.js';
import { Claim } from './claim.js';
import { Contract } from './contract.js';
import { Decision } from './decision.js';
import { Facility } from './facility.js';
import { Observation } from './observation.js';
import { Party } from './party.js';
import { Pledge } from './pledge.js';
import { Position } from './position.js';
import { Program } from './program.js';
import { Site } from './site.js';
import { Source } from './source.js';
import { BuildLimit } from './build-limit.js';
import { Candidate } from './candidate.js';
import { CapitalCommitment } from './capital-commitment.js';
import { LeaseOffer } from './lease-offer.js';
import { PlanScenario } from './plan-scenario.js';
import { PlanSettings } from './plan-settings.js';
import { TargetPath } from './target-path.js';

/** Every kind of subject the ledger holds, in the order a scenario file lists them. */
export const SUBJECT_KINDS = [
  'source',
  'party',
  'program',
  'charter',
  'pledge',
  'site',
  'facility',
  'contract',
  'decision',
  'position',
  'claim',
  'observation',
  // The planner's inputs (issue 4).
  'candidate',
  'lease-offer',
  'capital-commitment',
  'build-limit',
  'target-path',
  'plan-settings',
  'plan-scenario',
] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];

interface KindSpec {
  /** The scenario file's list for this kind. */
  section: string;
  schema: z.ZodObject;
  /** The field that dates the subject's creation (its valid time); none: true at all times. */
  validField: string | undefined;
  /** Fields that name other subjects, and the kinds they must be (undefined: any kind). */
  refs: Record<string, readonly SubjectKind[] | undefined>;
}

export const SUBJECT_KIND_SPECS: Record<SubjectKind, KindSpec> = {
  // A source is metadata about facts, not a fact about the world: it holds at all valid times and
  // becomes visible at its known time (its publication, by default).
  source: {
    section: 'sources',
    schema: Source,
    validField: undefined,
    refs: { cites: ['source'] },
  },
  party: {
    section: 'parties',
    schema: Party,
    validField: undefined,
    refs: { organisation: ['party'] },
  },
  program: {
    section: 'programs',
    schema: Program,
    validField: 'announced',
    refs: { entity: ['party'], 'members.party': ['party'] },
  },
  charter: {
    section: 'charters',
    schema: Charter,
    validField: 'adopted',
    refs: { program: ['program'], 'classes.veto': ['party'] },
  },
  pledge: {
    section: 'pledges',
    schema: Pledge,
    validField: 'made',
    refs: { program: ['program'], by: ['party'], revises: ['pledge'], 'where.site': ['site'] },
  },
  site: { section: 'sites', schema: Site, validField: undefined, refs: {} },
  facility: {
    section: 'facilities',
    schema: Facility,
    validField: 'announced',
    refs: {
      site: ['site'],
      developer: ['party'],
      operator: ['party'],
      contract: ['contract'],
      claimed_for: ['program'],
      claimed_by: ['party'],
    },
  },
  contract: {
    section: 'contracts',
    schema: Contract,
    validField: 'signed',
    refs: {
      buyer: ['party'],
      providers: ['party'],
      claimed_for: ['program'],
      claimed_by: ['party'],
    },
  },
  decision: {
    section: 'decisions',
    schema: Decision,
    validField: 'opened',
    refs: { program: ['program'], blocks: undefined },
  },
  position: {
    section: 'positions',
    schema: Position,
    validField: 'at',
    refs: { decision: ['decision'], party: ['party'] },
  },
  claim: {
    section: 'claims',
    schema: Claim,
    validField: 'said',
    refs: {
      speaker: ['party'],
      with: ['party'],
      program: ['program'],
      'asserts.pledge': ['pledge'],
    },
  },
  observation: {
    section: 'observations',
    schema: Observation,
    validField: 'at',
    refs: { program: ['program'] },
  },
  // Planner inputs are modelling facts, true at all valid times and visible from their known time.
  candidate: {
    section: 'candidates',
    schema: Candidate,
    validField: undefined,
    refs: { program: ['program'], site: ['site'], developer: ['party'] },
  },
  'lease-offer': {
    section: 'lease_offers',
    schema: LeaseOffer,
    validField: undefined,
    refs: { program: ['program'], provider: ['party'] },
  },
  'capital-commitment': {
    section: 'capital_commitments',
    schema: CapitalCommitment,
    validField: undefined,
    refs: { program: ['program'], party: ['party'] },
  },
  'build-limit': {
    section: 'build_limits',
    schema: BuildLimit,
    validField: undefined,
    refs: { program: ['program'] },
  },
  'target-path': {
    section: 'target_paths',
    schema: TargetPath,
    validField: undefined,
    refs: { program: ['program'], pledge: ['pledge'] },
  },
  'plan-settings': {
    section: 'plan_settings',
    schema: PlanSettings,
    validField: undefined,
    refs: { program: ['program'] },
  },
  'plan-scenario': {
    section: 'plan_scenarios',
    schema: PlanScenario,
    validField: undefined,
    refs: { program: ['program'] },
  },
};
