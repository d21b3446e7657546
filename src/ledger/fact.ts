import type { Confidence } from '../model/confidence.js';
import type { RecordOp } from '../model/ledger-record.js';
import type { SubjectKind } from '../model/subject-kind.js';
import { canonicalJson } from './canonical-json.js';
import type { Hasher } from './hasher.js';
import type { FoldableRecord } from './subject-state.js';

/** A fact ready to append: what a record holds before the ledger gives it a seq and a hash. */
export interface Fact {
  kind: SubjectKind;
  subject: string;
  op: RecordOp;
  validText: string;
  /** ISO day the fact counts from: the end of its valid interval. */
  valid: string;
  known: string;
  source: string;
  payload: Record<string, unknown>;
  note: string | undefined;
  assumption: boolean;
  confidence: Confidence;
  /** The canonical JSON of the content: what the ledger stores, and what the fact key hashes. */
  text: string;
  factKey: string;
}

export type FactContent = Omit<Fact, 'factKey' | 'text'>;

/**
 * The text the fact key is the hash of; `verify` rebuilds it from a stored record. It is exactly
 * `canonicalJson` of the fact's content (a property test holds it to that, for any strings), written
 * out key by key in sorted order because it runs for every record of an import: strings that need
 * no escape are quoted as they are, and a one-field payload of a number or string is written
 * directly. Against `JSON.stringify` for every string, text and key took 2.0–2.3 µs per fact
 * instead of 2.5–3.2 (a typical bench update, measured in one process).
 */
export function factKeyText(fact: FactContent): string {
  return (
    `{"assumption":${fact.assumption},"confidence":${quoted(fact.confidence)},"kind":${quoted(fact.kind)},` +
    `"known":${quoted(fact.known)},${fact.note === undefined ? '' : `"note":${JSON.stringify(fact.note)},`}"op":${quoted(fact.op)},` +
    `"payload":${payloadJson(fact.payload)},"source":${quoted(fact.source)},"subject":${quoted(fact.subject)},` +
    `"valid":${quoted(fact.valid)},"validText":${quoted(fact.validText)}}`
  );
}

/** `JSON.stringify(text)`: printable ASCII without quote or backslash needs no escape. */
function quoted(text: string): string {
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c) return JSON.stringify(text);
  }
  return `"${text}"`;
}

/** `canonicalJson(payload)`, with the usual update (one field, a number or a string) written directly. */
function payloadJson(payload: Record<string, unknown>): string {
  let only: string | undefined;
  let fields = 0;
  for (const field in payload) {
    only = field;
    if ((fields += 1) > 1) break;
  }
  if (fields === 1 && only !== undefined && Object.hasOwn(payload, only)) {
    const value = payload[only];
    // A finite number prints the same through a template as through JSON.stringify.
    if (typeof value === 'number' && Number.isFinite(value)) return `{${quoted(only)}:${value}}`;
    if (typeof value === 'string') return `{${quoted(only)}:${quoted(value)}}`;
  }
  return canonicalJson(payload);
}

export function withFactKey(fact: FactContent, sha256: Hasher): Fact {
  const text = factKeyText(fact);
  return {
    kind: fact.kind,
    subject: fact.subject,
    op: fact.op,
    validText: fact.validText,
    valid: fact.valid,
    known: fact.known,
    source: fact.source,
    payload: fact.payload,
    note: fact.note,
    assumption: fact.assumption,
    confidence: fact.confidence,
    text,
    factKey: sha256(text),
  };
}

/**
 * A fact whose text and key are computed when first read, for the updates of a large import.
 * `withFactKey` keeps each fact's text (about 250 bytes) from planning until the store writes it: a
 * million of them survive the young generation and were copied by the collector again and again
 * (planning 1M updates took 6.1-6.7 s with the text and key, 1.9-3.0 s without). Here the key is
 * computed when first read and kept (64 characters); the text is built each time it is read, so it
 * dies young. The SQLite store reads the text once and hashes it itself, so a large append builds
 * each text once (reading `text` and `factKey` separately built it twice). Both are accessors on
 * the prototype: copy a fact field by field, since a spread (`{ ...fact }`) drops them.
 */
class DeferredFact implements Fact {
  readonly kind: Fact['kind'];
  readonly subject: string;
  readonly op: Fact['op'];
  readonly validText: string;
  readonly valid: string;
  readonly known: string;
  readonly source: string;
  readonly payload: Record<string, unknown>;
  readonly note: string | undefined;
  readonly assumption: boolean;
  readonly confidence: Fact['confidence'];
  readonly #sha256: Hasher;
  #factKey: string | undefined;

  constructor(fact: FactContent, sha256: Hasher) {
    this.kind = fact.kind;
    this.subject = fact.subject;
    this.op = fact.op;
    this.validText = fact.validText;
    this.valid = fact.valid;
    this.known = fact.known;
    this.source = fact.source;
    this.payload = fact.payload;
    this.note = fact.note;
    this.assumption = fact.assumption;
    this.confidence = fact.confidence;
    this.#sha256 = sha256;
  }

  get text(): string {
    return factKeyText(this);
  }

  get factKey(): string {
    this.#factKey ??= this.#sha256(factKeyText(this));
    return this.#factKey;
  }
}

/** Like `withFactKey`, with the text and key computed when first read (see `DeferredFact`). */
export function withDeferredFactKey(fact: FactContent, sha256: Hasher): Fact {
  return new DeferredFact(fact, sha256);
}

/** A fact as the fold sees it, given a seq: field by field (a spread would drop a deferred key). */
export function factToFoldable(fact: Fact, seq: number): FoldableRecord {
  return {
    seq,
    factKey: fact.factKey,
    kind: fact.kind,
    subject: fact.subject,
    op: fact.op,
    valid: fact.valid,
    validText: fact.validText,
    known: fact.known,
    source: fact.source,
    payload: fact.payload,
    assumption: fact.assumption,
    confidence: fact.confidence,
  };
}
