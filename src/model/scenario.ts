import { z } from 'zod';
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
import { Update } from './update.js';
import { BuildLimit } from './build-limit.js';
import { Candidate } from './candidate.js';
import { CapitalCommitment } from './capital-commitment.js';
import { LeaseOffer } from './lease-offer.js';
import { PlanScenario } from './plan-scenario.js';
import { PlanSettings } from './plan-settings.js';
import { TargetPath } from './target-path.js';

export const SCENARIO_FORMAT = 'stargate/v1';

/** The scenario file: lists of sourced facts. Published as JSON Schema by `stargate schema`. */
export const Scenario = z
  .object({
    format: z.literal(SCENARIO_FORMAT),
    title: z.string().optional(),
    description: z.string().optional(),
    sources: z.array(Source).optional(),
    parties: z.array(Party).optional(),
    programs: z.array(Program).optional(),
    charters: z.array(Charter).optional(),
    pledges: z.array(Pledge).optional(),
    sites: z.array(Site).optional(),
    facilities: z.array(Facility).optional(),
    contracts: z.array(Contract).optional(),
    decisions: z.array(Decision).optional(),
    positions: z.array(Position).optional(),
    claims: z.array(Claim).optional(),
    observations: z.array(Observation).optional(),
    // The planner's inputs (issue 4): see README, "Planner".
    candidates: z.array(Candidate).optional(),
    lease_offers: z.array(LeaseOffer).optional(),
    capital_commitments: z.array(CapitalCommitment).optional(),
    build_limits: z.array(BuildLimit).optional(),
    target_paths: z.array(TargetPath).optional(),
    plan_settings: z.array(PlanSettings).optional(),
    plan_scenarios: z.array(PlanScenario).optional(),
    updates: z
      .array(Update)
      .optional()
      .meta({ description: 'Later changes to any subject, each dated and sourced.' }),
  })
  .strict();
export type Scenario = z.infer<typeof Scenario>;

/** JSON Schema (2020-12) of the scenario file: the published authority on the format. */
export function scenarioJsonSchema(): Record<string, unknown> {
  return {
    $id: 'https://stargate.invalid/schema/stargate-v1.json',
    title: 'Stargate scenario file (stargate/v1)',
    ...z.toJSONSchema(Scenario, { io: 'input', target: 'draft-2020-12' }),
  };
}
