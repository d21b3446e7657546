import { z } from 'zod';
import { Id, sourcedShape } from './fact-meta.js';
import { GRID_REGIONS } from './site.js';
import { YearPath } from './year-path.js';

/**
 * A limit on the build-out. `grid-headroom`: cumulative new MW a region's grid can connect by the
 * end of each year. `construction`: MW that can be brought online in a year (overall, or in one
 * region). `accelerator-supply`: MW of IT load whose accelerators can be delivered in a year.
 */
export const BUILD_LIMIT_KINDS = ['grid-headroom', 'construction', 'accelerator-supply'] as const;
export type BuildLimitKind = (typeof BUILD_LIMIT_KINDS)[number];

export const BuildLimit = z
  .object({
    id: Id,
    program: Id,
    limit: z.enum(BUILD_LIMIT_KINDS),
    region: z.enum(GRID_REGIONS).optional().meta({ description: 'Required for grid-headroom.' }),
    mw_by_year: YearPath.meta({
      description: 'The limit in each year; a year not named (before the first) is unlimited.',
    }),
    ...sourcedShape,
  })
  .strict();
// A grid-headroom limit must name its region: checked by the planner (a refinement here would stop
// updates from deriving their partial schema).
export type BuildLimit = z.infer<typeof BuildLimit>;
