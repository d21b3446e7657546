import { z } from 'zod';
import { DateInput } from './date-input.js';
import { Id, sourcedShape } from './fact-meta.js';

export const MEMBER_ROLES = [
  'financier',
  'operator',
  'developer',
  'cloud-provider',
  'technology',
  'energy',
  'supplier',
  'equity-funder',
] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export const Member = z
  .object({
    party: Id,
    roles: z.array(z.enum(MEMBER_ROLES)).min(1),
    equity: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .meta({ description: 'Equity share 0–1, where known.' }),
    lead: z.boolean().optional().meta({ description: 'A lead member (e.g. SoftBank, OpenAI).' }),
    note: z.string().optional(),
  })
  .strict();
export type Member = z.infer<typeof Member>;

export const Program = z
  .object({
    id: Id,
    name: z.string(),
    announced: DateInput,
    members: z.array(Member).min(1),
    entity: Id.optional().meta({
      description: 'The party that is the venture itself, once formed.',
    }),
    ...sourcedShape,
  })
  .strict();
export type Program = z.infer<typeof Program>;
