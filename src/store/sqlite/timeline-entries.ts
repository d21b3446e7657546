import { canonicalJson } from '../../ledger/canonical-json.js';
import { CONFIDENCES, META_KEYS, type Confidence } from '../../model/confidence.js';
import {
  dayCode,
  HEADER_FIELD,
  NO_VALID_TEXT,
  UPDATE_FLAG,
  type TimelineEntry,
} from './timeline-chunk.js';

export { UPDATE_FLAG };

/**
 * From facts to timeline entries: the parts of a cell the store derives from a record, shared by
 * the append and the v4 migration so both write exactly the same entries.
 */

/** `flags`: bit 0 = assumption, bits 1–2 = index into CONFIDENCES, bit 3 (UPDATE_FLAG) = an update's. */
export function packFlags(basis: { assumption: boolean; confidence: Confidence }): number {
  return (basis.assumption ? 1 : 0) | (CONFIDENCES.indexOf(basis.confidence) << 1);
}

export function unpackConfidence(flags: number): Confidence {
  return CONFIDENCES[(flags >> 1) & 3] ?? 'speculative';
}

const META_KEY_SET: ReadonlySet<string> = new Set(META_KEYS);

/** A create's fields: its payload without the id and the fact meta (as `fieldsOf`). */
export function isCreatedField(key: string): boolean {
  return key !== 'id' && !META_KEY_SET.has(key);
}

const HEX_ZERO = 48;
const HEX_A = 97;

function hexWord(text: string, from: number): number | undefined {
  let word = 0;
  for (let i = from; i < from + 8; i += 1) {
    const c = text.charCodeAt(i);
    const digit =
      c >= HEX_ZERO && c < HEX_ZERO + 10
        ? c - HEX_ZERO
        : c >= HEX_A && c < HEX_A + 6
          ? c - HEX_A + 10
          : -1;
    if (digit < 0) return undefined;
    word = word * 16 + digit;
  }
  return word;
}

/**
 * The 16 hex digits `tieOf` takes from a fact key, as two unsigned 32-bit halves (their order is
 * the digits' string order). Undefined unless the key starts with 16 lowercase hex digits, as a
 * SHA-256 hex key does. Char codes, not `parseInt` of slices: this runs once per fact of an import.
 */
export function keyHalves(factKey: string): [high: number, low: number] | undefined {
  if (factKey.length < 16) return undefined;
  const high = hexWord(factKey, 0);
  const low = hexWord(factKey, 8);
  return high === undefined || low === undefined ? undefined : [high, low];
}

/** The content of a fact a timeline needs, stored or about to be. */
export interface TimelineFact {
  valid: string;
  validText: string;
  known: string;
  source: string;
  payload: Record<string, unknown>;
  assumption: boolean;
  confidence: Confidence;
}

/**
 * A create's entries: its header (field HEADER_FIELD, no value: the create's basis, which views
 * show as `created`) and one per field, valued as the record holds it (canonical JSON). Undefined
 * when its dates are not days.
 */
export function createEntries(
  fact: TimelineFact,
  record: { seq: number; factKey: string; codeOf: (name: string) => number },
): TimelineEntry[] | undefined {
  const valid = dayCode(fact.valid);
  const known = dayCode(fact.known);
  const tie = keyHalves(record.factKey);
  if (valid === undefined || known === undefined || tie === undefined) return undefined;
  const { codeOf, seq } = record;
  const source = codeOf(fact.source);
  const validText = fact.validText === fact.valid ? NO_VALID_TEXT : codeOf(fact.validText);
  const flags = packFlags(fact);
  const entry = (field: number, value: string): TimelineEntry => ({
    field,
    valid,
    known,
    tieHigh: tie[0],
    tieLow: tie[1],
    seq,
    source,
    validText,
    flags,
    value,
  });
  const entries = [entry(HEADER_FIELD, '')];
  for (const field in fact.payload) {
    const value = fact.payload[field];
    // As the record's canonical JSON: no undefined members.
    if (isCreatedField(field) && value !== undefined)
      entries.push(entry(codeOf(field), canonicalJson(value)));
  }
  return entries;
}
