import { z } from 'zod';
import { DateInput } from './date-input.js';
import { factMetaShape, Id } from './fact-meta.js';

/** Regulator or court filings weigh most; an estimate least. Views show the kind beside figures. */
export const SOURCE_KINDS = [
  'regulator-filing',
  'court-filing',
  'company-statement',
  'press-report',
  'secondary-summary',
  'estimate',
] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export const Source = z
  .object({
    id: Id,
    title: z.string().optional(),
    publisher: z.string(),
    published: DateInput,
    kind: z.enum(SOURCE_KINDS),
    author: z.string().optional(),
    url: z.url().optional(),
    language: z.string().optional().meta({ description: 'BCP 47 tag, e.g. ko, en.' }),
    cites: z.array(Id).optional().meta({ description: 'Sources this one reports on.' }),
    ...factMetaShape,
  })
  .strict();
export type Source = z.infer<typeof Source>;
