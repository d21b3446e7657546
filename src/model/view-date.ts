import { z } from 'zod';
import { parseViewDate } from './dates.js';

/** A view date: `YYYY-MM-DD`, `YYYY-MM` or `YYYY` (counted from its end, as everywhere), or `today`. */
export const ViewDate = z
  .string()
  .meta({
    description:
      'YYYY-MM-DD, YYYY-MM or YYYY (a month or year counts from its last day), or "today" (the default).',
    examples: ['2025-07-22'],
  })
  .transform((text, ctx) => {
    if (text === 'today') return undefined;
    const day = parseViewDate(text);
    if (day === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: `expected a date as YYYY-MM-DD, YYYY-MM or YYYY, got "${text}"`,
      });
      return z.NEVER;
    }
    return day;
  });
