import { z } from 'zod';
import { Id, sourcedShape } from './fact-meta.js';
import { YearPath } from './year-path.js';

/** Capacity a cloud provider can lease to the program instead of it building: no capex. */
export const LeaseOffer = z
  .object({
    id: Id,
    program: Id,
    provider: Id,
    mw_by_year: YearPath.meta({
      description:
        'MW that can be leased in each year; none before the first year named, the last value after it.',
    }),
    usd_per_mw_year: z.number().nonnegative(),
    ...sourcedShape,
  })
  .strict();
export type LeaseOffer = z.infer<typeof LeaseOffer>;
