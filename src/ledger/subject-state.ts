import type { Confidence } from '../model/fact-meta.js';
import { META_KEYS } from '../model/fact-meta.js';
import type { SubjectKind } from '../model/subject-kind.js';

/** One field's value at (V, K), with the record it came from. */
export interface Cell {
  value: unknown;
  seq: number;
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

/** Later valid time wins; for the same valid time, later knowledge (a correction); then later seq. */
export function compareCells(a: Pick<Cell, 'valid' | 'known' | 'seq'>, b: Pick<Cell, 'valid' | 'known' | 'seq'>): number {
  if (a.valid !== b.valid) return a.valid < b.valid ? -1 : 1;
  if (a.known !== b.known) return a.known < b.known ? -1 : 1;
  return a.seq - b.seq;
}

export function isVisible(record: Pick<Cell, 'valid' | 'known'>, at: ViewPoint): boolean {
  return record.valid <= at.asOf && record.known <= at.knownAt;
}

/** The fields a record sets: a create's entity without its id and fact meta; an update's `set`. */
export function fieldsOf(record: Pick<FoldableRecord, 'op' | 'payload'>): [string, unknown][] {
  if (record.op === 'update') return Object.entries(record.payload);
  return Object.entries(record.payload).filter(([k]) => k !== 'id' && !(META_KEYS as readonly string[]).includes(k));
}

export function cellOf(record: FoldableRecord, value: unknown): Cell {
  return {
    value,
    seq: record.seq,
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
