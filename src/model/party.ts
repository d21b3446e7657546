import { z } from 'zod';
import { Id, sourcedShape } from './fact-meta.js';

export const PARTY_KINDS = ['company', 'government', 'fund', 'person', 'venture'] as const;
export type PartyKind = (typeof PARTY_KINDS)[number];

export const Party = z
  .object({
    id: Id,
    name: z.string(),
    kind: z.enum(PARTY_KINDS),
    organisation: Id.optional().meta({ description: 'For a person: the party they speak for.' }),
    title: z.string().optional().meta({ description: 'For a person: their role, e.g. CEO.' }),
    country: z.string().optional(),
    ...sourcedShape,
  })
  .strict();
export type Party = z.infer<typeof Party>;
