import { z } from 'zod';
import { DateInput } from './date-input.js';
import { Id, sourcedShape } from './fact-meta.js';

export const DECISION_TOPICS = [
  'equity',
  'governance',
  'site-selection',
  'operations',
  'contract-approval',
  'other',
] as const;
export const DECISION_STATUSES = ['open', 'passed', 'failed', 'withdrawn'] as const;

export const Decision = z
  .object({
    id: Id,
    program: Id,
    topic: z.enum(DECISION_TOPICS),
    question: z.string(),
    class: Id.optional().meta({
      description:
        'A decision class of the program’s charter; its rule decides how the decision passes.',
    }),
    opened: DateInput,
    status: z.enum(DECISION_STATUSES),
    resolved: DateInput.optional(),
    blocks: z.array(Id).optional().meta({ description: 'Subjects that wait on this decision.' }),
    ...sourcedShape,
  })
  .strict();
export type Decision = z.infer<typeof Decision>;
