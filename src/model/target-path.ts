import { z } from 'zod';
import { Id, sourcedShape } from './fact-meta.js';
import { YearPath } from './year-path.js';

/** The capacity path the planner aims at: a pledge's end point with its interim milestones. */
export const TargetPath = z
  .object({
    id: Id,
    program: Id,
    pledge: Id.optional(),
    mw_by_year: YearPath.meta({
      description:
        'MW online by the end of each year; 0 before the first year named, the last value after it. Must not decrease.',
    }),
    ...sourcedShape,
  })
  .strict();
export type TargetPath = z.infer<typeof TargetPath>;
