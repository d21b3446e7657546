import { z } from 'zod';
import { DateInput } from './date-input.js';
import { parsePlainDate } from './dates.js';
import { CONFIDENCES, Id, sourcedShape } from './fact-meta.js';

/** A dated change to a subject defined elsewhere: the fields in `set` take new values from `at`. */
export const Update = z
  .object({
    subject: Id,
    at: DateInput,
    set: z
      .record(z.string(), z.unknown())
      .refine((set) => Object.keys(set).length > 0, 'set must change at least one field')
      .meta({ description: "Fields to change; checked against the subject kind's schema." }),
    ...sourcedShape,
  })
  .strict();
export type Update = z.infer<typeof Update>;

const UPDATE_KEYS = new Set([
  'subject',
  'at',
  'set',
  'source',
  'known',
  'note',
  'assumption',
  'confidence',
]);
const ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const isId = (v: unknown): boolean => typeof v === 'string' && v.length <= 200 && ID.test(v);
const isPlainDate = (v: unknown): boolean =>
  (typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v))) &&
  typeof parsePlainDate(String(v)) !== 'string';

/**
 * A fast check for the common shape of an update (plain dates, no extras), used before the schema
 * on large files: a scenario of a million updates spends most of its validation time in zod. It only
 * ever accepts what `Update` accepts (a property test holds it to that); anything else goes through
 * `Update` for the exact error.
 */
export function isPlainUpdate(value: unknown): value is Update {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const u = value as Record<string, unknown>;
  for (const key in u) if (!UPDATE_KEYS.has(key)) return false;
  if (!isId(u.subject) || !isId(u.source) || !isPlainDate(u.at)) return false;
  if (u.known !== undefined && !isPlainDate(u.known)) return false;
  if (u.note !== undefined && typeof u.note !== 'string') return false;
  if (u.assumption !== undefined && typeof u.assumption !== 'boolean') return false;
  if (u.confidence !== undefined && !(CONFIDENCES as readonly unknown[]).includes(u.confidence))
    return false;
  const set = u.set;
  if (
    set === null ||
    typeof set !== 'object' ||
    Array.isArray(set) ||
    Object.getPrototypeOf(set) !== Object.prototype
  )
    return false;
  for (const _key in set) return true;
  return false;
}
