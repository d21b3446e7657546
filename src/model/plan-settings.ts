import { z } from 'zod';
import { Id, sourcedShape } from './fact-meta.js';

/** The planner's modelling choices for a program: horizon, block size, discounting, penalties. */
export const PlanSettings = z
  .object({
    id: Id,
    program: Id,
    first_year: z.number().int().min(2000).max(2200).optional().meta({
      description: 'First plan year (default: the year of the as-of date).',
    }),
    years: z.number().int().min(1).max(30).optional().meta({ description: 'Horizon (default 6).' }),
    block_mw: z
      .number()
      .positive()
      .optional()
      .meta({ description: 'Build block (default 100 MW).' }),
    discount_rate: z.number().min(0).max(1),
    shortfall_penalty_usd_per_mw_year: z.number().positive(),
    load_factor: z
      .number()
      .min(0)
      .max(1)
      .meta({ description: 'Average draw ÷ capacity, for power cost.' }),
    build_months: z.number().int().positive().meta({
      description:
        'Default time from the start of work to energisation (gating on open decisions).',
    }),
    contracted_online_months: z.number().int().nonnegative().optional().meta({
      description:
        'Existing capacity that is contracted (not yet under construction) counts from this long after the as-of date (default 24).',
    }),
    under_construction_online_months: z.number().int().nonnegative().optional().meta({
      description:
        'Existing capacity under construction counts from this long after the as-of date (default 12).',
    }),
    ...sourcedShape,
  })
  .strict();
export type PlanSettings = z.infer<typeof PlanSettings>;
