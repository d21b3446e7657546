import { z } from 'zod';
import { Id, sourcedShape } from './fact-meta.js';

/** A named what-if for the planner: overlay keys (as `stargate plan --set`) and their values. */
export const PlanScenario = z
  .object({
    id: Id,
    program: Id,
    title: z.string(),
    set: z
      .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
      .meta({ description: 'Overlay keys, e.g. `lease.oracle.max_mw: 0`.' }),
    ...sourcedShape,
  })
  .strict();
export type PlanScenario = z.infer<typeof PlanScenario>;
