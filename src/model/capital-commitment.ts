import { z } from 'zod';
import { Id, sourcedShape } from './fact-meta.js';
import { YearPath } from './year-path.js';

/** Capital a member commits to the program by year; what is not spent in a year carries over. */
export const CapitalCommitment = z
  .object({
    id: Id,
    program: Id,
    party: Id,
    usd_by_year: YearPath.meta({ description: 'USD made available in each year.' }),
    ...sourcedShape,
  })
  .strict();
export type CapitalCommitment = z.infer<typeof CapitalCommitment>;
