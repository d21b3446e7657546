import type { Confidence } from '../model/confidence.js';
import type { RecordOp } from '../model/ledger-record.js';
import type { SubjectKind } from '../model/subject-kind.js';
import { canonicalJson } from './canonical-json.js';
import type { Hasher } from './hasher.js';

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
 * `canonicalJson` of the fact's content (a test holds it to that), written out key by key in sorted
 * order because it runs for every record of an import.
 */
export function factKeyText(fact: FactContent): string {
  const q = JSON.stringify;
  return (
    `{"assumption":${fact.assumption},"confidence":${q(fact.confidence)},"kind":${q(fact.kind)},` +
    `"known":${q(fact.known)},${fact.note === undefined ? '' : `"note":${q(fact.note)},`}"op":${q(fact.op)},` +
    `"payload":${canonicalJson(fact.payload)},"source":${q(fact.source)},"subject":${q(fact.subject)},` +
    `"valid":${q(fact.valid)},"validText":${q(fact.validText)}}`
  );
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
