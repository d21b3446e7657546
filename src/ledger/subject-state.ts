import { parseDate, type DateInput, type DateValue } from '../model/dates.js';
import type { Confidence } from '../model/confidence.js';
import { META_KEYS } from '../model/confidence.js';
import type { SubjectKind } from '../model/subject-kind.js';

/** One field's value at (V, K), with the record it came from. */
export interface Cell {
  value: unknown;
  seq: number;
  /** Breaks ties between records of equal (valid, known): see `tieOf`. */
  tie: string;
  valid: string;
  validText: string;
  known: string;
  source: string;
  assumption: boolean;
  confidence: Confidence;
}

/** A subject as of (V, K): the record that created it and each field's current cell. */
export interface SubjectState {
  id: string;
  kind: SubjectKind;
  created: Omit<Cell, 'value'>;
  fields: Record<string, Cell>;
}

/** The minimum of a record the fold needs. */
export interface FoldableRecord {
  seq: number;
  factKey: string;
  kind: SubjectKind;
  subject: string;
  op: 'create' | 'update';
  valid: string;
  validText: string;
  known: string;
  source: string;
  payload: Record<string, unknown>;
  assumption: boolean;
  confidence: Confidence;
}

export interface ViewPoint {
  /** Valid time V: what held in the world on this day. */
  asOf: string;
  /** Known time K: what was known on this day. */
  knownAt: string;
}

/**
 * Later valid time wins; for the same valid time, later knowledge (a correction). Records equal in
 * both are ordered by `tie`, derived from their content, not by seq: so the state at (V, K) is a
 * function of the SET of records, whatever order they were appended in. (To correct a fact, give the
 * correction a later known time.)
 */
export function compareCells(
  a: Pick<Cell, 'valid' | 'known' | 'tie'>,
  b: Pick<Cell, 'valid' | 'known' | 'tie'>,
): number {
  if (a.valid !== b.valid) return a.valid < b.valid ? -1 : 1;
  if (a.known !== b.known) return a.known < b.known ? -1 : 1;
  return a.tie === b.tie ? 0 : a.tie < b.tie ? -1 : 1;
}

/**
 * The tie-break key: an update beats the create it changes (`1…` > `0…`), then the first 16 hex
 * digits of the fact key decide — content, not arrival order.
 */
export function tieOf(factKey: string, op: 'create' | 'update'): string {
  return `${op === 'update' ? 1 : 0}${factKey.slice(0, 16)}`;
}

export function isVisible(record: Pick<Cell, 'valid' | 'known'>, at: ViewPoint): boolean {
  return record.valid <= at.asOf && record.known <= at.knownAt;
}

/** The fields a record sets: a create's entity without its id and fact meta; an update's `set`. */
export function fieldsOf(record: Pick<FoldableRecord, 'op' | 'payload'>): [string, unknown][] {
  if (record.op === 'update') return Object.entries(record.payload);
  return Object.entries(record.payload).filter(
    ([k]) => k !== 'id' && !(META_KEYS as readonly string[]).includes(k),
  );
}

export function cellOf(record: FoldableRecord, value: unknown): Cell {
  return {
    value,
    seq: record.seq,
    tie: tieOf(record.factKey, record.op),
    valid: record.valid,
    validText: record.validText,
    known: record.known,
    source: record.source,
    assumption: record.assumption,
    confidence: record.confidence,
  };
}

/** Read helpers for views: absent or mistyped fields read as undefined. */
export function fieldNumber(state: SubjectState, field: string): number | undefined {
  const v = state.fields[field]?.value;
  return typeof v === 'number' ? v : undefined;
}
export function fieldString(state: SubjectState, field: string): string | undefined {
  const v = state.fields[field]?.value;
  return typeof v === 'string' ? v : undefined;
}
export function fieldBoolean(state: SubjectState, field: string): boolean | undefined {
  const v = state.fields[field]?.value;
  return typeof v === 'boolean' ? v : undefined;
}
export function fieldStrings(state: SubjectState, field: string): string[] {
  const v = state.fields[field]?.value;
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}
/** A date field as its normalised interval; absent or malformed reads as undefined. */
export function fieldDate(state: SubjectState, field: string): DateValue | undefined {
  const v = state.fields[field]?.value;
  if (v === undefined) return undefined;
  const parsed = parseDate(v as DateInput);
  return typeof parsed === 'string' ? undefined : parsed;
}
