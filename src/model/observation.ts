import { z } from 'zod';
import { DateInput } from './date-input.js';
import { Quote } from './claim.js';
import { Id, sourcedShape } from './fact-meta.js';

/** A measured statement about the program as a whole that no single subject carries. */
export const Observation = z
  .object({
    id: Id,
    program: Id,
    at: DateInput,
    metric: z
      .string()
      .meta({ description: 'What was counted, e.g. venture_datacenter_contracts.' }),
    value: z.number(),
    statement: Quote.optional().meta({
      description: 'The observation in the words of the source, with a rendering.',
    }),
    ...sourcedShape,
  })
  .strict();
export type Observation = z.infer<typeof Observation>;
