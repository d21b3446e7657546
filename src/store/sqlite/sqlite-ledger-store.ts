import Database from 'better-sqlite3';
import { chainHash } from '../../ledger/chain.js';
import type { Fact } from '../../ledger/fact.js';
import { GENESIS_HASH, type Hasher } from '../../ledger/hasher.js';
import type { ExistingSubject } from '../../ledger/plan-facts.js';
import { compareCells, fieldsOf, tieOf, type Cell, type SubjectState, type ViewPoint } from '../../ledger/subject-state.js';
import type { Confidence } from '../../model/fact-meta.js';
import type { LedgerRecord, RecordOp } from '../../model/ledger-record.js';
import type { SubjectKind } from '../../model/subject-kind.js';
import { StargateError } from '../../errors.js';
import type { AppendOptions, AppendResult, LedgerStats, LedgerStore, UnreadableRecord } from '../ledger-store.js';
import { migrate } from './migrations.js';

interface RecordRow {
  seq: number;
  kind: string;
  subject: string;
  op: string;
  valid_text: string;
  valid: string;
  known: string;
  source: string;
  payload: string;
  note: string | null;
  assumption: number;
  confidence: string;
  recorded_at: string;
  recorded_by: string;
  fact_key: Buffer;
  hash: Buffer;
}

const PROGRESS_EVERY = 100_000;

/** A stored cell: [seq, tie, valid, validText, known, source, assumption, confidence, value]. */
type CellTuple = [number, string, string, string, string, string, 0 | 1, Confidence, unknown];

function rowToRecord(row: RecordRow): LedgerRecord | UnreadableRecord {
  let payload: unknown;
  try {
    payload = JSON.parse(row.payload);
  } catch {
    return { seq: row.seq, subject: row.subject, unreadable: 'payload is not valid JSON (the record was altered)' };
  }
  return {
    seq: row.seq,
    kind: row.kind as SubjectKind,
    subject: row.subject,
    op: row.op as RecordOp,
    validText: row.valid_text,
    valid: row.valid,
    known: row.known,
    source: row.source,
    payload: payload as Record<string, unknown>,
    ...(row.note === null ? {} : { note: row.note }),
    assumption: row.assumption === 1,
    confidence: row.confidence as Confidence,
    recordedAt: row.recorded_at,
    recordedBy: row.recorded_by,
    factKey: Buffer.from(row.fact_key).toString('hex'),
    hash: Buffer.from(row.hash).toString('hex'),
  };
}

function readable(record: LedgerRecord | UnreadableRecord): LedgerRecord {
  if ('unreadable' in record) {
    throw new StargateError('integrity', `record ${record.seq} (${record.subject}): ${record.unreadable}; run stargate verify`);
  }
  return record;
}

/**
 * The embedded default: one SQLite file in WAL mode. All writes of an append run in one transaction,
 * so an import is all or nothing; a dry run does the same work and rolls back.
 */
export class SqliteLedgerStore implements LedgerStore {
  readonly location: string;
  readonly #db: Database.Database;
  readonly #sha256: Hasher;

  private constructor(db: Database.Database, location: string, sha256: Hasher) {
    this.#db = db;
    this.location = location;
    this.#sha256 = sha256;
  }

  /** Open (creating if needed) and migrate the ledger at `path`. */
  static open(path: string, options: { sha256: Hasher; readonly?: boolean }): SqliteLedgerStore {
    let db: Database.Database;
    try {
      db = new Database(path, { fileMustExist: options.readonly === true });
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      // A large page cache keeps the fact-key index and the cells B-tree in memory during big imports.
      db.pragma('cache_size = -262144');
      db.pragma('temp_store = MEMORY');
      db.pragma('busy_timeout = 5000');
      migrate(db);
    } catch (cause) {
      throw new StargateError('storage', `cannot open the ledger at ${path}: ${(cause as Error).message}`, { cause });
    }
    return new SqliteLedgerStore(db, path, options.sha256);
  }

  async findSubjects(ids: Iterable<string>): Promise<Map<string, ExistingSubject>> {
    const found = new Map<string, ExistingSubject>();
    const list = [...new Set(ids)];
    const CHUNK = 500;
    for (let i = 0; i < list.length; i += CHUNK) {
      const chunk = list.slice(i, i + CHUNK);
      const rows = this.#db
        .prepare(
          `SELECT s.subject, s.kind, s.valid, r.fact_key, r.payload FROM subjects s JOIN records r ON r.seq = s.create_seq
           WHERE s.subject IN (${chunk.map(() => '?').join(',')})`,
        )
        .all(...chunk) as { subject: string; kind: SubjectKind; valid: string; fact_key: Buffer; payload: string }[];
      for (const row of rows) {
        found.set(row.subject, {
          id: row.subject,
          kind: row.kind,
          valid: row.valid,
          factKey: Buffer.from(row.fact_key).toString('hex'),
          payload: JSON.parse(row.payload) as Record<string, unknown>,
        });
      }
    }
    return found;
  }

  async append(facts: readonly Fact[], options: AppendOptions): Promise<AppendResult> {
    const db = this.#db;
    const insertRecord = db.prepare(
      `INSERT OR IGNORE INTO records (seq, kind, subject, op, valid_text, valid, known, source, payload, note,
         assumption, confidence, recorded_at, recorded_by, fact_key, hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertSubject = db.prepare(
      'INSERT INTO subjects (subject, kind, create_seq, valid, known) VALUES (?, ?, ?, ?, ?)',
    );
    const findSid = db.prepare('SELECT sid FROM subjects WHERE subject = ?').pluck();
    const insertCell = db.prepare('INSERT INTO cells (sid, field, valid, known, tie, seq, cell) VALUES (?, ?, ?, ?, ?, ?, ?)');
    const insertSubjectField = db.prepare('INSERT OR IGNORE INTO subject_fields (sid, field) VALUES (?, ?)');

    const run = (): AppendResult => {
      const head = db.prepare('SELECT seq, hash FROM records ORDER BY seq DESC LIMIT 1').get() as
        | { seq: number; hash: Buffer }
        | undefined;
      let seq = head?.seq ?? 0;
      let prev = head ? Buffer.from(head.hash).toString('hex') : GENESIS_HASH;
      let added = 0;
      const sids = new Map<string, number>();
      const seenFields = new Set<string>();
      let processed = 0;
      for (const fact of facts) {
        processed += 1;
        if (options.onProgress && processed % PROGRESS_EVERY === 0) options.onProgress(processed, facts.length);
        const next = seq + 1;
        const hash = chainHash(prev, { factKey: fact.factKey, seq: next, recordedAt: options.recordedAt, recordedBy: options.recordedBy }, this.#sha256);
        const inserted = insertRecord.run(
          next,
          fact.kind,
          fact.subject,
          fact.op,
          fact.validText,
          fact.valid,
          fact.known,
          fact.source,
          JSON.stringify(fact.payload),
          fact.note ?? null,
          fact.assumption ? 1 : 0,
          fact.confidence,
          options.recordedAt,
          options.recordedBy,
          Buffer.from(fact.factKey, 'hex'),
          Buffer.from(hash, 'hex'),
        );
        if (inserted.changes === 0) continue; // already in the ledger
        seq = next;
        prev = hash;
        added += 1;
        if (fact.op === 'create') {
          try {
            const sid = Number(insertSubject.run(fact.subject, fact.kind, seq, fact.valid, fact.known).lastInsertRowid);
            sids.set(fact.subject, sid);
          } catch (cause) {
            throw new StargateError('conflict', `id "${fact.subject}" already exists in the ledger with different content`, { cause });
          }
          continue;
        }
        let sid = sids.get(fact.subject);
        if (sid === undefined) {
          sid = findSid.get(fact.subject) as number | undefined;
          if (sid === undefined) throw new StargateError('not-found', `update of unknown subject "${fact.subject}"`);
          sids.set(fact.subject, sid);
        }
        const tie = tieOf(fact.factKey, 'update');
        for (const [field, value] of fieldsOf(fact)) {
          const cell: CellTuple = [seq, tie, fact.valid, fact.validText, fact.known, fact.source, fact.assumption ? 1 : 0, fact.confidence, value];
          insertCell.run(sid, field, fact.valid, fact.known, tie, seq, JSON.stringify(cell));
          const key = `${sid}\u0000${field}`;
          if (!seenFields.has(key)) {
            seenFields.add(key);
            insertSubjectField.run(sid, field);
          }
        }
      }
      return { added, skipped: facts.length - added, records: seq, head: prev };
    };

    db.exec('BEGIN IMMEDIATE');
    try {
      const result = run();
      db.exec(options.dryRun === true ? 'ROLLBACK' : 'COMMIT');
      return result;
    } catch (error) {
      db.exec('ROLLBACK');
      if (error instanceof StargateError) throw error;
      throw new StargateError('storage', `append failed, nothing was written: ${(error as Error).message}`, { cause: error });
    }
  }

  async statesAt(at: ViewPoint): Promise<SubjectState[]> {
    const db = this.#db;
    const creates = db
      .prepare(
        `SELECT s.sid, s.subject, s.kind, r.seq, r.fact_key, r.valid, r.valid_text, r.known, r.source, r.payload, r.assumption, r.confidence
         FROM subjects s JOIN records r ON r.seq = s.create_seq
         WHERE s.valid <= ? AND s.known <= ?`,
      )
      .raw()
      .all(at.asOf, at.knownAt) as [number, string, SubjectKind, number, Buffer, string, string, string, string, string, number, Confidence][];
    const bySid = new Map<number, SubjectState>();
    for (const [sid, subject, kind, seq, factKey, valid, validText, known, source, payload, assumption, confidence] of creates) {
      const tie = tieOf(Buffer.from(factKey).toString('hex'), 'create');
      const created = { seq, tie, valid, validText, known, source, assumption: assumption === 1, confidence };
      const fields: Record<string, Cell> = {};
      for (const [field, value] of fieldsOf({ op: 'create', payload: JSON.parse(payload) as Record<string, unknown> })) {
        fields[field] = { value, ...created };
      }
      bySid.set(sid, { id: subject, kind, created, fields });
    }
    // For each (subject, field) an update ever set: the last update visible at (V, K), found by one
    // backwards seek on the clustered cells key.
    const updated = db
      .prepare(
        `SELECT sf.sid, (SELECT c.cell FROM cells c
                          WHERE c.sid = sf.sid AND c.field = sf.field AND c.valid <= @asOf AND c.known <= @knownAt
                          ORDER BY c.valid DESC, c.known DESC, c.tie DESC LIMIT 1) AS cell, sf.field
         FROM subject_fields sf`,
      )
      .raw()
      .all({ asOf: at.asOf, knownAt: at.knownAt }) as [number, string | null, string][];
    for (const [sid, text, field] of updated) {
      if (text === null) continue;
      const state = bySid.get(sid);
      if (!state) continue;
      const [seq, tie, valid, validText, known, source, assumption, confidence, value] = JSON.parse(text) as CellTuple;
      const cell: Cell = { value, seq, tie, valid, validText, known, source, assumption: assumption === 1, confidence };
      const current = state.fields[field];
      if (!current || compareCells(cell, current) > 0) state.fields[field] = cell;
    }
    return [...bySid.values()];
  }

  async history(subject: string): Promise<LedgerRecord[]> {
    const rows = this.#db
      .prepare(
        `SELECT r.* FROM records r WHERE r.seq IN (
           SELECT create_seq FROM subjects WHERE subject = @subject
           UNION SELECT c.seq FROM cells c JOIN subjects s ON s.sid = c.sid WHERE s.subject = @subject)
         ORDER BY r.seq`,
      )
      .all({ subject }) as RecordRow[];
    return rows.map((row) => readable(rowToRecord(row)));
  }

  async *records(): AsyncIterable<LedgerRecord | UnreadableRecord> {
    // Read in pages so a long export does not hold one statement open across awaits.
    const page = this.#db.prepare('SELECT * FROM records WHERE seq > ? ORDER BY seq LIMIT 5000');
    let after = 0;
    for (;;) {
      const rows = page.all(after) as RecordRow[];
      if (rows.length === 0) return;
      for (const row of rows) yield rowToRecord(row);
      after = (rows[rows.length - 1] as RecordRow).seq;
    }
  }

  /**
   * Check the derived tables against the records they come from: every subject row against its
   * creating record, and every cell, value included, against its update record. A cell changed in
   * the file would change what views show without touching the chain; this is what finds it.
   */
  async checkDerived(): Promise<string[]> {
    const db = this.#db;
    const problems: string[] = [];
    const check = db.pragma('quick_check', { simple: true }) as string;
    if (check !== 'ok') problems.push(`SQLite quick_check: ${check}`);
    const badSubjects = db
      .prepare(
        `SELECT count(*) FROM subjects s LEFT JOIN records r ON r.seq = s.create_seq
         WHERE r.seq IS NULL OR r.subject <> s.subject OR r.op <> 'create' OR r.kind <> s.kind
            OR r.valid <> s.valid OR r.known <> s.known`,
      )
      .pluck()
      .get() as number;
    if (badSubjects > 0) problems.push(`${badSubjects} subject row(s) do not match their creating record`);
    const creates = db.prepare(`SELECT count(*) FROM records WHERE op = 'create'`).pluck().get() as number;
    const subjects = db.prepare('SELECT count(*) FROM subjects').pluck().get() as number;
    if (creates !== subjects) problems.push(`${creates} create records but ${subjects} subject rows`);
    const unlisted = db
      .prepare('SELECT count(*) FROM (SELECT sid, field FROM cells EXCEPT SELECT sid, field FROM subject_fields)')
      .pluck()
      .get() as number;
    if (unlisted > 0) problems.push(`${unlisted} updated field(s) missing from subject_fields`);

    // better-sqlite3 runs one statement at a time per connection: page through the update records
    // and look each cell up by its primary key.
    const page = db
      .prepare(
        `SELECT r.seq, s.sid, r.payload, r.valid, r.valid_text, r.known, r.source, r.assumption, r.confidence, r.fact_key
         FROM records r LEFT JOIN subjects s ON s.subject = r.subject
         WHERE r.op = 'update' AND r.seq > ? ORDER BY r.seq LIMIT 5000`,
      )
      .raw();
    const cellAt = db
      .prepare('SELECT seq, cell FROM cells WHERE sid = ? AND field = ? AND valid = ? AND known = ? AND tie = ?')
      .raw();
    let expectedCells = 0;
    for (let after = 0; ; ) {
      const rows = page.all(after) as [number, number | null, string, string, string, string, string, number, Confidence, Buffer][];
      if (rows.length === 0) break;
      for (const [seq, sid, payload, valid, validText, known, source, assumption, confidence, factKey] of rows) {
        after = seq;
        let fields: Record<string, unknown>;
        try {
          fields = JSON.parse(payload) as Record<string, unknown>;
        } catch {
          continue; // the chain walk reports an unreadable record
        }
        const tie = tieOf(Buffer.from(factKey).toString('hex'), 'update');
        for (const [field, value] of Object.entries(fields)) {
          expectedCells += 1;
          const cell: CellTuple = [seq, tie, valid, validText, known, source, assumption === 1 ? 1 : 0, confidence, value];
          const stored = cellAt.get(sid, field, valid, known, tie) as [number, string] | undefined;
          if (!stored || stored[0] !== seq || stored[1] !== JSON.stringify(cell)) {
            problems.push(`field cell of record ${seq} (${field}) does not match the record`);
            return problems;
          }
        }
      }
    }
    const cells = db.prepare('SELECT count(*) FROM cells').pluck().get() as number;
    if (cells !== expectedCells) problems.push(`${cells} field cells but the update records set ${expectedCells}`);
    return problems;
  }

  async stats(): Promise<LedgerStats> {
    const head = this.#db.prepare('SELECT seq, hash, recorded_at FROM records ORDER BY seq DESC LIMIT 1').get() as
      | { seq: number; hash: Buffer; recorded_at: string }
      | undefined;
    const subjects = this.#db.prepare('SELECT count(*) FROM subjects').pluck().get() as number;
    return {
      records: head?.seq ?? 0,
      subjects,
      head: head ? Buffer.from(head.hash).toString('hex') : GENESIS_HASH,
      lastRecordedAt: head?.recorded_at,
    };
  }

  async close(): Promise<void> {
    if (this.#db.open) this.#db.close();
  }
}
