import type Database from 'better-sqlite3';
import { RecordBlockWriter, SHA256_HEX } from './record-blocks.js';

/**
 * Migration v5: the one-row-per-record `records` table becomes `record_blocks` (see
 * record-blocks.ts). Records keep their seq, batch, text, fact key and hash; a block holds
 * consecutive seqs of one batch, so a gap or a batch change starts a new one. A key or hash that is
 * not SHA-256 hex cannot be stored as a digest: the migration stops, naming the record, and the
 * ledger stays as it was (the step runs in one transaction).
 */
export function recordBlocksFromRows(db: Database.Database): void {
  db.exec(`CREATE TABLE record_blocks (
     first_seq INTEGER PRIMARY KEY,
     batch INTEGER NOT NULL,
     count INTEGER NOT NULL,
     facts TEXT NOT NULL,
     fact_keys BLOB NOT NULL,
     hashes BLOB NOT NULL
   )`);
  const page = db
    .prepare(
      'SELECT seq, batch, fact, fact_key, hash FROM records WHERE seq > ? ORDER BY seq LIMIT 20000',
    )
    .raw();
  let writer: RecordBlockWriter | undefined;
  let batch = -1;
  let next = -1;
  for (let after = 0; ;) {
    const rows = page.all(after) as [number, number, string, string, string][];
    if (rows.length === 0) break;
    for (const [seq, rowBatch, fact, factKey, hash] of rows) {
      after = seq;
      for (const [what, hex] of [
        ['fact key', factKey],
        ['hash', hash],
      ] as const)
        if (!SHA256_HEX.test(hex))
          throw new Error(
            `record ${seq} cannot be converted to schema v5: its ${what} "${hex}" is not SHA-256 hex (the ledger was altered; nothing was changed)`,
          );
      if (fact.includes('\n'))
        throw new Error(
          `record ${seq} cannot be converted to schema v5: its fact text holds a raw newline (the ledger was altered; nothing was changed)`,
        );
      if (writer === undefined || rowBatch !== batch || seq !== next) {
        writer?.flush();
        writer = new RecordBlockWriter(db, { batch: rowBatch, from: seq });
        batch = rowBatch;
      }
      writer.add(fact, factKey, hash);
      next = seq + 1;
    }
  }
  writer?.flush();
  db.exec('DROP TABLE records');
}
