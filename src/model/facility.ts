import { z } from 'zod';
import { DateInput } from './date-input.js';
import { Id, sourcedShape } from './fact-meta.js';

/** The lifecycle, in order; `cancelled` leaves it. */
export const FACILITY_STATUSES = [
  'announced',
  'planned',
  'site-secured',
  'permitted',
  'under-construction',
  'energized',
  'operational',
  'cancelled',
] as const;
export type FacilityStatus = (typeof FACILITY_STATUSES)[number];

/** The funnel stages views count, cumulative: operational ⊂ under construction ⊂ contracted ⊂ announced. */
export const FACILITY_STAGES = [
  'announced',
  'contracted',
  'under-construction',
  'operational',
] as const;
export type FacilityStage = (typeof FACILITY_STAGES)[number];

export const Milestone = z
  .object({
    status: z.enum(FACILITY_STATUSES),
    planned: DateInput.optional(),
    actual: DateInput.optional(),
    note: z.string().optional(),
  })
  .strict();

export const Facility = z
  .object({
    id: Id,
    name: z.string().optional(),
    site: Id,
    announced: DateInput,
    status: z.enum(FACILITY_STATUSES),
    capacity_mw: z.number().nonnegative().optional(),
    developer: Id.optional(),
    operator: Id.optional(),
    contract: Id.optional().meta({ description: 'The contract this facility delivers, if any.' }),
    claimed_for: Id.optional().meta({ description: 'The program the facility is counted for.' }),
    claimed_by: Id.optional().meta({ description: 'The party that claims it for the program.' }),
    venture_party: z
      .boolean()
      .meta({ description: 'Whether the venture itself builds or owns it.' }),
    committed_usd: z.number().nonnegative().optional(),
    spent_usd: z.number().nonnegative().optional(),
    jobs: z.number().int().nonnegative().optional(),
    milestones: z.array(Milestone).optional().meta({
      description: 'Planned and actual dates per status; an update replaces the whole list.',
    }),
    ...sourcedShape,
  })
  .strict();
export type Facility = z.infer<typeof Facility>;
