import { z } from 'zod';
import { DateInput } from './dates.js';
import { Id, sourcedShape } from './fact-meta.js';

/** A dated change to a subject defined elsewhere: the fields in `set` take new values from `at`. */
export const Update = z
  .object({
    subject: Id,
    at: DateInput,
    set: z
      .record(z.string(), z.unknown())
      .refine((set) => Object.keys(set).length > 0, 'set must change at least one field')
      .meta({ description: "Fields to change; checked against the subject kind's schema." }),
    ...sourcedShape,
  })
  .strict();
export type Update = z.infer<typeof Update>;
