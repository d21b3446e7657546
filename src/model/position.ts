import { z } from 'zod';
import { DateInput } from './date-input.js';
import { Id, sourcedShape } from './fact-meta.js';

export const STANCES = ['for', 'against', 'abstain', 'undeclared'] as const;
export type Stance = (typeof STANCES)[number];

/**
 * A member's stance on a decision from a date on. A later position of the same member on the same
 * decision replaces it (as a new position or as an update of this one).
 */
export const Position = z
  .object({
    id: Id,
    decision: Id,
    party: Id.meta({ description: 'A member of the decision’s program.' }),
    stance: z.enum(STANCES),
    at: DateInput.meta({ description: 'From when the stance holds.' }),
    ...sourcedShape,
  })
  .strict();
export type Position = z.infer<typeof Position>;
