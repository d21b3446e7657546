import type Database from 'better-sqlite3';
import { StargateError } from '../../errors.js';

/**
 * The ledger's records, stored in blocks (schema v5): one `record_blocks` row holds up to
 * RECORDS_PER_BLOCK consecutive records of one batch — their canonical fact texts joined by a
 * newline, and their fact keys and chain hashes as 32-byte SHA-256 digests laid end to end. A
 * million one-record rows cost an import about 1.8 s more than blocks of 64 (measured in the 1M
 * bench, 13.1–13.7 s against 14.3–15.9 s for the whole append), and the hex keys and hashes made
 * the file a fifth larger. A block never spans two batches and is never rewritten: an append adds
 * whole new blocks after the last, so the ledger stays append-only row by row.
 *
 * Canonical fact JSON has no raw newline (JSON escapes it inside strings and adds no whitespace),
 * so splitting a block's text on newlines gives its records back. A block whose parts do not agree
 * in number (a byte altered in the file) is reported as unreadable, record by record, never guessed.
 */
export const RECORDS_PER_BLOCK = 64;

const DIGEST_BYTES = 32;
/** A SHA-256 digest as the ledger writes it: 64 lowercase hex digits. */
export const SHA256_HEX = /^[0-9a-f]{64}$/;

/** One stored record as the block holds it: the fact's text, its key and its chain hash (hex). */
export interface BlockRecord {
  seq: number;
  batch: number;
  text: string;
  factKey: string;
  hash: string;
}

/** A record a damaged block cannot give back. */
export interface DamagedRecord {
  seq: number;
  batch: number;
  damage: string;
}

type BlockRow = [
  firstSeq: number,
  batch: number,
  count: number,
  facts: string,
  keys: Buffer,
  hashes: Buffer,
];

const BLOCK_COLUMNS = 'first_seq, batch, count, facts, fact_keys, hashes';

/** The records of one block row, or for each of its seqs why it cannot be read. */
export function decodeBlock(row: BlockRow): (BlockRecord | DamagedRecord)[] {
  const [firstSeq, batch, count, facts, keys, hashes] = row;
  if (!Number.isInteger(count) || count < 1 || count > RECORDS_PER_BLOCK)
    return [
      {
        seq: firstSeq,
        batch,
        damage: `its block claims ${count} records (the record was altered)`,
      },
    ];
  const texts = facts.split('\n');
  const damage =
    texts.length !== count
      ? `its block holds ${texts.length} fact texts for ${count} records (the record was altered)`
      : keys.length !== count * DIGEST_BYTES || hashes.length !== count * DIGEST_BYTES
        ? `its block's keys or hashes are not ${count} digests (the record was altered)`
        : undefined;
  const records: (BlockRecord | DamagedRecord)[] = [];
  for (let i = 0; i < count; i += 1) {
    const seq = firstSeq + i;
    if (damage !== undefined) {
      records.push({ seq, batch, damage });
      continue;
    }
    const from = i * DIGEST_BYTES;
    records.push({
      seq,
      batch,
      text: texts[i] as string,
      factKey: keys.toString('hex', from, from + DIGEST_BYTES),
      hash: hashes.toString('hex', from, from + DIGEST_BYTES),
    });
  }
  return records;
}

/**
 * Collects one batch's records, consecutive from seq `from`, and writes them as blocks. Texts, keys
 * and hashes are concatenated as they come (V8 joins strings lazily) and bound once per block.
 */
export class RecordBlockWriter {
  readonly #insert: Database.Statement;
  readonly #batch: number;
  #firstSeq: number;
  #count = 0;
  #facts = '';
  #keys = '';
  #hashes = '';

  constructor(db: Database.Database, at: { batch: number; from: number }) {
    this.#insert = db.prepare(
      `INSERT INTO record_blocks (${BLOCK_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)`,
    );
    this.#batch = at.batch;
    this.#firstSeq = at.from;
  }

  /** Adds the next record (seq `from`, `from` + 1, …). */
  add(text: string, factKey: string, hash: string): void {
    if (this.#count === 0) {
      this.#facts = text;
      this.#keys = factKey;
      this.#hashes = hash;
    } else {
      this.#facts += `\n${text}`;
      this.#keys += factKey;
      this.#hashes += hash;
    }
    this.#count += 1;
    if (this.#count === RECORDS_PER_BLOCK) this.flush();
  }

  /** Writes the records collected since the last full block. */
  flush(): void {
    if (this.#count === 0) return;
    const keys = digests(this.#keys, this.#count, 'fact key');
    const hashes = digests(this.#hashes, this.#count, 'chain hash');
    this.#insert.run(this.#firstSeq, this.#batch, this.#count, this.#facts, keys, hashes);
    this.#firstSeq += this.#count;
    this.#count = 0;
    this.#facts = this.#keys = this.#hashes = '';
  }
}

/** `count` hex digests laid end to end, as bytes; anything but SHA-256 hex is a programming error. */
function digests(hex: string, count: number, what: string): Buffer {
  const bytes = Buffer.from(hex, 'hex');
  if (bytes.length !== count * DIGEST_BYTES || hex.length !== count * DIGEST_BYTES * 2) {
    const bad = Array.from({ length: count }, (_, i) => hex.slice(i * 64, i * 64 + 64)).find(
      (one) => !SHA256_HEX.test(one),
    );
    throw new StargateError(
      'internal',
      `${what} "${bad ?? hex.slice(0, 64)}" is not SHA-256 hex: the ledger stores 32-byte digests`,
    );
  }
  return bytes;
}

/** Reads records back from their blocks; keeps the last block it decoded for neighbouring seqs. */
export class RecordBlockReader {
  readonly #at: Database.Statement;
  readonly #page: Database.Statement;
  readonly #last: Database.Statement;
  #cached: { firstSeq: number; records: (BlockRecord | DamagedRecord)[] } | undefined;

  constructor(db: Database.Database) {
    this.#at = db
      .prepare(
        `SELECT ${BLOCK_COLUMNS} FROM record_blocks WHERE first_seq <= ? ORDER BY first_seq DESC LIMIT 1`,
      )
      .raw();
    this.#page = db
      .prepare(
        `SELECT ${BLOCK_COLUMNS} FROM record_blocks WHERE first_seq > ? ORDER BY first_seq LIMIT ?`,
      )
      .raw();
    this.#last = db
      .prepare(`SELECT ${BLOCK_COLUMNS} FROM record_blocks ORDER BY first_seq DESC LIMIT 1`)
      .raw();
  }

  /** The record with this seq; undefined when there is none. */
  at(seq: number): BlockRecord | DamagedRecord | undefined {
    const cached = this.#cached;
    if (
      cached !== undefined &&
      seq >= cached.firstSeq &&
      seq < cached.firstSeq + cached.records.length
    )
      return cached.records[seq - cached.firstSeq];
    const row = this.#at.get(seq) as BlockRow | undefined;
    if (row === undefined) return undefined;
    this.#cached = { firstSeq: row[0], records: decodeBlock(row) };
    return this.#cached.records[seq - row[0]];
  }

  /** The last record; undefined in an empty ledger. */
  last(): BlockRecord | DamagedRecord | undefined {
    const row = this.#last.get() as BlockRow | undefined;
    return row === undefined ? undefined : decodeBlock(row).at(-1);
  }

  /**
   * The records of up to `blocks` blocks after seq `after`, in seq order (better-sqlite3 runs one
   * statement at a time per connection, so long walks read page by page).
   */
  page(after: number, blocks: number): (BlockRecord | DamagedRecord)[] {
    const rows = this.#page.all(after, blocks) as BlockRow[];
    return rows.flatMap((row) => decodeBlock(row));
  }
}

/** Walks every record in seq order, a page of blocks at a time. */
export function* allRecords(reader: RecordBlockReader): Generator<BlockRecord | DamagedRecord> {
  for (let after = 0; ;) {
    const page = reader.page(after, 100);
    if (page.length === 0) return;
    yield* page;
    after = (page.at(-1) as BlockRecord | DamagedRecord).seq;
  }
}
