/**
 * Dates as sources give them. A day (`2025-07-21`), a month (`2025-07`) or a year (`2025`, also as a
 * YAML number) is an interval, never silently its first day; `{ by: D }` is "on or before D";
 * `{ from: A, to: B }` is a range. (No zod here: views and storage load this file, and zod costs a
 * CLI process about a tenth of a second to load.) Every view counts a fact from the END of its interval: a fact
 * dated `2025-07` is known to hold only once July is over.
 */
export const DATE_PRECISIONS = ['day', 'month', 'year', 'on-or-before', 'range', 'always'] as const;
export type DatePrecision = (typeof DATE_PRECISIONS)[number];

/** The normalised form: ISO days, comparable as strings. */
export interface DateValue {
  /** As written, e.g. `2025-07`, `by 2025-07-21`, `2025-07-14..2025-07-20`. */
  text: string;
  start: string;
  end: string;
  precision: DatePrecision;
}

/** Sorts before every real date: the valid time of timeless facts (a party, a site). */
export const BEGINNING = '0000-01-01';
export const ALWAYS: DateValue = {
  text: 'always',
  start: BEGINNING,
  end: BEGINNING,
  precision: 'always',
};

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH = /^(\d{4})-(\d{2})$/;
const YEAR = /^(\d{4})$/;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const parsedDates = new Map<string, DateValue | string>();

/** Parse one plain date text; returns an explanation instead of a value when it is not a date. */
export function parsePlainDate(text: string): DateValue | string {
  // Imports parse the same few thousand dates millions of times; results are immutable strings or
  // frozen objects, so a cache is safe.
  let parsed = parsedDates.get(text);
  if (parsed === undefined) {
    parsed = parsePlainDateUncached(text);
    if (typeof parsed !== 'string') Object.freeze(parsed);
    if (parsedDates.size < 100_000) parsedDates.set(text, parsed);
  }
  return parsed;
}

function parsePlainDateUncached(text: string): DateValue | string {
  let m = DAY.exec(text);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (mo < 1 || mo > 12) return `month ${m[2]} is not 01–12 in "${text}"`;
    if (d < 1 || d > daysInMonth(y, mo))
      return `day ${m[3]} does not exist in ${m[1]}-${m[2]} ("${text}")`;
    return { text, start: text, end: text, precision: 'day' };
  }
  m = MONTH.exec(text);
  if (m) {
    const [y, mo] = [Number(m[1]), Number(m[2])];
    if (mo < 1 || mo > 12) return `month ${m[2]} is not 01–12 in "${text}"`;
    return {
      text,
      start: `${text}-01`,
      end: `${text}-${pad(daysInMonth(y, mo))}`,
      precision: 'month',
    };
  }
  m = YEAR.exec(text);
  if (m) return { text, start: `${text}-01-01`, end: `${text}-12-31`, precision: 'year' };
  return `expected a date as YYYY-MM-DD, YYYY-MM or YYYY, got "${text}"`;
}

/** A date as a scenario writes it; validated by the `DateInput` schema in `date-input.ts`. */
export type DateInput =
  string | number | { by: string | number } | { from: string | number; to: string | number };

/** Normalise any accepted date input; a string result explains why the input is not a date. */
export function parseDate(input: DateInput): DateValue | string {
  if (typeof input === 'number' || typeof input === 'string') return parsePlainDate(String(input));
  if ('by' in input) {
    const by = parsePlainDate(String(input.by));
    if (typeof by === 'string') return by;
    return { text: `by ${by.text}`, start: BEGINNING, end: by.end, precision: 'on-or-before' };
  }
  const from = parsePlainDate(String(input.from));
  if (typeof from === 'string') return from;
  const to = parsePlainDate(String(input.to));
  if (typeof to === 'string') return to;
  if (from.start > to.end) return `range starts (${from.text}) after it ends (${to.text})`;
  return { text: `${from.text}..${to.text}`, start: from.start, end: to.end, precision: 'range' };
}

/** For inputs already validated by the schema. */
export function toDateValue(input: DateInput): DateValue {
  const parsed = parseDate(input);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
}

/** Whole days from `from` to `to` (ISO days); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** A CLI or API date argument: same forms; the view date is the end of the interval. */
export function parseViewDate(text: string): string | undefined {
  const parsed = parsePlainDate(text);
  return typeof parsed === 'string' ? undefined : parsed.end;
}
