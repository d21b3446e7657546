import { z } from 'zod';
import { DateInput } from './date-input.js';

import { CONFIDENCES, type Confidence } from './confidence.js';

export { CONFIDENCES, META_KEYS, type Confidence } from './confidence.js';

export const Id = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
    'ids are letters, digits, ".", "_" or "-", starting with a letter or digit',
  )
  .max(200);

/** What any fact may carry besides its content. */
export const factMetaShape = {
  note: z.string().optional().meta({ description: 'Free text shown beside the fact.' }),
  assumption: z
    .boolean()
    .optional()
    .meta({ description: 'true: a modelling choice, not stated by the source.' }),
  confidence: z
    .enum(CONFIDENCES)
    .optional()
    .meta({ description: 'How firmly the source supports the fact (default confirmed).' }),
  known: DateInput.optional().meta({
    description: 'When the fact became known; default: the publication date of its source.',
  }),
};

/** Sourced facts name their source by id. */
export const sourcedShape = { ...factMetaShape, source: Id.meta({ description: 'Source id.' }) };

export interface FactMeta {
  note?: string | undefined;
  assumption?: boolean | undefined;
  confidence?: Confidence | undefined;
}
