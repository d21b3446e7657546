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
    seats: z
      .number()
      .int()
      .nonnegative()
      .optional()
      .meta({ description: 'Board seats, where known.' }),
    lead: z.boolean().optional().meta({ description: 'A lead member (e.g. SoftBank, OpenAI).' }),
    note: z.string().optional(),
  })
  .strict();
export type Member = z.infer<typeof Member>;

/** Equity shares may be partly unknown, but the known ones cannot add up to more than the whole. */
const Members = z
  .array(Member)
  .min(1)
  .superRefine((members, ctx) => {
    const total = members.reduce((sum, m) => sum + (m.equity ?? 0), 0);
    if (total > 1 + 1e-9)
      ctx.addIssue({
        code: 'custom',
        message: `equity shares add up to ${(total * 100).toFixed(1)}%, more than 100%`,
      });
    const seen = new Set<string>();
    members.forEach((m, i) => {
      if (seen.has(m.party))
        ctx.addIssue({
          code: 'custom',
          path: [i, 'party'],
          message: `"${m.party}" is listed twice`,
        });
      seen.add(m.party);
    });
  });

export const Program = z
  .object({
    id: Id,
    name: z.string(),
    announced: DateInput,
    members: Members,
    entity: Id.optional().meta({
      description: 'The party that is the venture itself, once formed.',
    }),
    ...sourcedShape,
  })
  .strict();
export type Program = z.infer<typeof Program>;
