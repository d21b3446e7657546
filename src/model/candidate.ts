import { z } from 'zod';
import { Id, sourcedShape } from './fact-meta.js';
import { YearPath } from './year-path.js';

/**
 * A candidate build site for the planner: where the program could build, how much could be
 * energised there by each year (power available after the interconnection lead time), and what it
 * costs. Capacity is facility (grid) MW, the unit pledges are counted in; IT load is MW ÷ PUE.
 */
export const Candidate = z
  .object({
    id: Id,
    program: Id,
    site: Id.meta({ description: 'The site (its grid region places the candidate).' }),
    developer: Id.optional().meta({
      description:
        'The member that would develop it; a member that is investor-only develops none.',
    }),
    mw_by_year: YearPath.meta({
      description:
        'Cumulative MW that can be energised by the end of each year; none before the first year named, the last value after it.',
    }),
    opening_cost_usd: z.number().nonnegative(),
    facility_capex_usd_per_mw: z.number().nonnegative(),
    it_capex_usd_per_mw: z
      .number()
      .nonnegative()
      .meta({ description: 'IT equipment per MW of IT load (facility MW ÷ PUE).' }),
    power_usd_per_mwh: z.number().nonnegative(),
    pue: z.number().min(1),
    build_months: z.number().int().positive().optional().meta({
      description:
        'From the start of work to energisation, for gating on open decisions (default: the plan settings).',
    }),
    ...sourcedShape,
  })
  .strict();
export type Candidate = z.infer<typeof Candidate>;
