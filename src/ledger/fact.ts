import type { Confidence } from '../model/fact-meta.js';
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
  factKey: string;
}

export type FactContent = Omit<Fact, 'factKey'>;

/** The text the fact key is the hash of; `verify` rebuilds it from a stored record. */
export function factKeyText(fact: FactContent): string {
  return canonicalJson({
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
  });
}

export function withFactKey(fact: FactContent, sha256: Hasher): Fact {
  return { ...fact, factKey: sha256(factKeyText(fact)) };
}
