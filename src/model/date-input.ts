import { z } from 'zod';
import { parseDate } from './dates.js';

/** The zod schema of a date input (see `dates.ts`). */
const plainDateInput = z.union([z.string(), z.number().int()]);

export const DateInput = z
  .union(
    [
      plainDateInput,
      z.object({ by: plainDateInput }).strict(),
      z.object({ from: plainDateInput, to: plainDateInput }).strict(),
    ],
    { error: 'expected a date: YYYY-MM-DD, YYYY-MM, YYYY, {by: D} or {from: A, to: B}' },
  )
  .superRefine((input, ctx) => {
    const parsed = parseDate(input);
    if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', message: parsed });
  })
  .meta({
    description:
      'A date: YYYY-MM-DD, YYYY-MM or YYYY (an interval, counted from its end), {by: D} (on or before D), or {from: A, to: B}.',
  });
