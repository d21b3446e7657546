import { z } from 'zod';
import { DateInput } from './date-input.js';
import { Id, sourcedShape } from './fact-meta.js';

export const CONTRACT_KINDS = [
  'capacity',
  'lease',
  'build',
  'power',
  'chips',
  'financing',
] as const;
export const CONTRACT_STATUSES = ['signed', 'terminated'] as const;

export const Contract = z
  .object({
    id: Id,
    buyer: Id,
    providers: z.array(Id).min(1),
    kind: z.enum(CONTRACT_KINDS),
    capacity_mw: z.number().nonnegative().optional(),
    value_usd: z.number().nonnegative().optional(),
    signed: DateInput,
    status: z.enum(CONTRACT_STATUSES).optional(),
    claimed_for: Id.optional().meta({
      description: 'The program a party claims this contract for.',
    }),
    claimed_by: Id.optional().meta({ description: 'Who claims it (default: the buyer).' }),
    venture_party: z.boolean().meta({ description: 'Whether the venture itself is party to it.' }),
    ...sourcedShape,
  })
  .strict();
export type Contract = z.infer<typeof Contract>;
