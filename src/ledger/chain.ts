import type { LedgerRecord } from '../model/ledger-record.js';
import type { FactContent } from './fact.js';
import { factKeyText } from './fact.js';
import { GENESIS_HASH, type Hasher } from './hasher.js';

/**
 * The hash chain: each record's hash covers the previous hash, its own fact key (which covers its
 * content) and when and by whom it was recorded. Changing any stored byte of a record changes its
 * fact key or its hash, and every hash after it.
 */
export function chainHash(
  prev: string,
  link: { factKey: string; seq: number; recordedAt: string; recordedBy: string },
  sha256: Hasher,
): string {
  return sha256(`${prev}|${link.factKey}|${link.seq}|${link.recordedAt}|${link.recordedBy}`);
}

export type ChainCheck =
  | { ok: true; records: number; head: string }
  | { ok: false; records: number; seq: number; subject: string; problem: string };

function recordToFactContent(record: LedgerRecord): FactContent {
  return {
    kind: record.kind,
    subject: record.subject,
    op: record.op,
    validText: record.validText,
    valid: record.valid,
    known: record.known,
    source: record.source,
    payload: record.payload,
    note: record.note,
    assumption: record.assumption,
    confidence: record.confidence,
  };
}

/** Walk records in seq order; stops at the first one whose content or link does not check out. */
export async function verifyChain(
  records: AsyncIterable<LedgerRecord | { seq: number; subject: string; unreadable: string }>,
  sha256: Hasher,
): Promise<ChainCheck> {
  let prev = GENESIS_HASH;
  let count = 0;
  let expectedSeq = 1;
  for await (const record of records) {
    const fail = (problem: string): ChainCheck => ({
      ok: false,
      records: count,
      seq: record.seq,
      subject: record.subject,
      problem,
    });
    if ('unreadable' in record) return fail(record.unreadable);
    if (record.seq !== expectedSeq) return fail(`expected seq ${expectedSeq}, found ${record.seq}`);
    const factKey = sha256(factKeyText(recordToFactContent(record)));
    if (factKey !== record.factKey)
      return fail('content does not match its fact key (the record was altered)');
    const hash = chainHash(prev, record, sha256);
    if (hash !== record.hash)
      return fail('hash does not follow from the previous record (the chain was altered)');
    prev = hash;
    count += 1;
    expectedSeq += 1;
  }
  return { ok: true, records: count, head: prev };
}
