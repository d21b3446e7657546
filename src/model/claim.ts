import { z } from 'zod';
import { Assertion } from './assertion.js';
import { DateInput } from './date-input.js';
import { Id, sourcedShape } from './fact-meta.js';

export const Quote = z
  .object({
    original: z.string().meta({ description: 'The words as the source prints them.' }),
    language: z.string().meta({ description: 'BCP 47 tag of the original.' }),
    rendering: z.string().optional().meta({ description: 'An English rendering.' }),
  })
  .strict();

export const Claim = z
  .object({
    id: Id,
    speaker: Id.meta({
      description: 'A party: a person or a company (for joint statements, the first).',
    }),
    with: z.array(Id).optional().meta({ description: 'Co-speakers of a joint statement.' }),
    program: Id,
    said: DateInput,
    setting: z
      .string()
      .optional()
      .meta({ description: 'Where it was said: an event, a briefing.' }),
    quote: Quote,
    asserts: z.array(Assertion).optional().meta({
      description: 'What the claim asserts, as checkable assertions; none: not yet modelled.',
    }),
    ...sourcedShape,
  })
  .strict();
export type Claim = z.infer<typeof Claim>;
