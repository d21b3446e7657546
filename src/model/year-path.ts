import { z } from 'zod';

/**
 * A quantity by calendar year, as a YAML/JSON map `{ 2027: 500, 2028: 1200 }` (keys are years). How
 * the years between and after the keys read is up to the field: a cumulative path holds its last
 * value, a per-year limit is absent in a year it does not name.
 */
export const YearPath = z.record(
  z.string().regex(/^\d{4}$/, 'a year, e.g. 2027'),
  z.number().nonnegative(),
);
export type YearPath = z.infer<typeof YearPath>;
