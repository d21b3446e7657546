import { canonicalJson } from '../../ledger/canonical-json.js';
import Database from 'better-sqlite3';
import { chainHash } from '../../ledger/chain.js';
import type { Fact } from '../../ledger/fact.js';
import { GENESIS_HASH, type Hasher } from '../../ledger/hasher.js';
import type { ExistingSubject } from '../../ledger/plan-facts.js';
import {
  compareCells,
  fieldsOf,
  tieOf,
  type Cell,
  type SubjectState,
  type ViewPoint,
} from '../../ledger/subject-state.js';
import { CONFIDENCES, META_KEYS, type Confidence } from '../../model/confidence.js';
import type { LedgerRecord } from '../../model/ledger-record.js';
import type { SubjectKind } from '../../model/subject-kind.js';
import { StargateError } from '../../errors.js';
import type {
  AppendOptions,
  AppendResult,
  LedgerStats,
  LedgerStore,
  UnreadableRecord,
} from '../ledger-store.js';
import { migrate } from './migrations.js';

const PROGRESS_EVERY = 100_000;
/** Appends of at least this many facts run with a rollback journal when they can (see below). */
const BULK_APPEND_FACTS = 50_000;
const META_KEY_SET: ReadonlySet<string> = new Set(META_KEYS);
const isMetaKey = (key: string): boolean => META_KEY_SET.has(key);

/** `flags` packs a cell's basis: bit 0 = assumption, bits 1–2 = index into CONFIDENCES. */
function packFlags(assumption: boolean, confidence: Confidence): number {
  return (assumption ? 1 : 0) | (CONFIDENCES.indexOf(confidence) << 1);
}
function unpackConfidence(flags: number): Confidence {
  return CONFIDENCES[(flags >> 1) & 3] ?? 'speculative';
}

/**
 * The as-of query returns each cell as one `|`-separated string (seq|tie|valid|valid_text|known|
 * source|flags|value): none of the first seven can hold a `|` (ids, ISO dates, hex), and the value
 * JSON comes last. Cheaper than building and parsing a JSON array per cell.
 */
/** SQL for a cell row of `alias` as the text `CellReader` reads. */
function cellText(alias: string): string {
  const columns = [
    'seq',
    'tie',
    'valid',
    "ifnull(#.valid_text, '')",
    'known',
    'source',
    'flags',
    'value',
  ];
  return columns
    .map((c) => (c.includes('#') ? c.replace('#', alias) : `${alias}.${c}`))
    .join(" || '|' || ");
}

/**
 * Reads the cells of a status query. Dates and sources repeat across thousands of cells: each is
 * kept once (the pool), so what a view holds on to is mostly the cells themselves. Everything a
 * view keeps survives the young generation, and copying it there was a third of `statesAt`.
 */
class CellReader {
  readonly #pool = new Map<string, string>();

  #shared(text: string, from: number, to: number): string {
    const s = text.slice(from, to);
    const kept = this.#pool.get(s);
    if (kept !== undefined) return kept;
    this.#pool.set(s, s);
    return s;
  }

  /** The cell written by `cellText` in `text` between `from` and `to`. */
  read(text: string, from: number, to: number): Cell {
    // Plain indexOf walking: this runs once per (subject, field) of a status query.
    const b1 = text.indexOf('|', from);
    const b2 = text.indexOf('|', b1 + 1);
    const b3 = text.indexOf('|', b2 + 1);
    const b4 = text.indexOf('|', b3 + 1);
    const b5 = text.indexOf('|', b4 + 1);
    const b6 = text.indexOf('|', b5 + 1);
    const b7 = text.indexOf('|', b6 + 1);
    const valid = this.#shared(text, b2 + 1, b3);
    const flags = Number(text.slice(b6 + 1, b7));
    return {
      value: JSON.parse(text.slice(b7 + 1, to)) as unknown,
      seq: Number(text.slice(from, b1)),
      tie: text.slice(b1 + 1, b2),
      valid,
      validText: b4 === b3 + 1 ? valid : this.#shared(text, b3 + 1, b4),
      known: this.#shared(text, b4 + 1, b5),
      source: this.#shared(text, b5 + 1, b6),
      assumption: (flags & 1) === 1,
      confidence: unpackConfidence(flags),
    };
  }
}

/** The canonical fact JSON stored in `records.fact` (see `factKeyText`). */
interface StoredFact {
  kind: SubjectKind;
  subject: string;
  op: 'create' | 'update';
  validText: string;
  valid: string;
  known: string;
  source: string;
  payload: Record<string, unknown>;
  note?: string;
  assumption: boolean;
  confidence: Confidence;
}

type RecordRow = [
  seq: number,
  fact: string,
  factKey: string,
  hash: string,
  recordedAt: string,
  recordedBy: string,
];

const RECORD_COLUMNS = 'r.seq, r.fact, r.fact_key, r.hash, b.recorded_at, b.recorded_by';

function rowToRecord([seq, text, factKey, hash, recordedAt, recordedBy]: RecordRow):
  LedgerRecord | UnreadableRecord {
  let fact: StoredFact;
  try {
    fact = JSON.parse(text) as StoredFact;
  } catch {
    const subject = /"subject":"([^"]*)"/.exec(text)?.[1] ?? '?';
    return { seq, subject, unreadable: 'its fact is not valid JSON (the record was altered)' };
  }
  return {
    seq,
    kind: fact.kind,
    subject: fact.subject,
    op: fact.op,
    validText: fact.validText,
    valid: fact.valid,
    known: fact.known,
    source: fact.source,
    payload: fact.payload,
    ...(fact.note === undefined ? {} : { note: fact.note }),
    assumption: fact.assumption,
    confidence: fact.confidence,
    recordedAt,
    recordedBy,
    factKey,
    hash,
  };
}

function readable(record: LedgerRecord | UnreadableRecord): LedgerRecord {
  if ('unreadable' in record) {
    throw new StargateError(
      'integrity',
      `record ${record.seq} (${record.subject}): ${record.unreadable}; run stargate verify`,
    );
  }
  return record;
}

/**
 * The fact keys met so far in one append, to skip a fact repeated within it: an open-addressing
 * table of indexes into the append's keys, probed by the key's first characters (fact keys are
 * SHA-256 hex, so those are evenly spread; any text still works, only slower). A `Set` of a million
 * 64-character strings cost about half a second more per million facts here.
 */
class FactKeySet {
  readonly #keys: readonly string[];
  readonly #slots: Int32Array;
  readonly #mask: number;

  /** `keys[i]` is the key of the append's fact `i`, filled in before `add(i)`. */
  constructor(keys: readonly string[], size: number) {
    this.#keys = keys;
    let slots = 16;
    while (slots < size * 2) slots *= 2;
    this.#slots = new Int32Array(slots);
    this.#mask = slots - 1;
  }

  /** Adds `keys[index]`; false when an earlier fact had the same key. */
  add(index: number): boolean {
    const key = this.#keys[index] as string;
    let h = 0;
    for (let i = 0; i < 8 && i < key.length; i += 1) h = (Math.imul(h, 31) + key.charCodeAt(i)) | 0;
    for (let slot = h & this.#mask; ; slot = (slot + 1) & this.#mask) {
      const held = this.#slots[slot] as number;
      if (held === 0) {
        this.#slots[slot] = index + 1;
        return true;
      }
      if (this.#keys[held - 1] === key) return false;
    }
  }
}

/**
 * A subject one append touches: its sid, whether this append created it (then its updates cannot
 * already be in the ledger and need no lookup), and the indexes of its update facts by field. Cells
 * are collected as indexes into the facts and written after the records: a million small row arrays
 * kept alive until the end cost more in garbage collection than they save.
 */
interface TouchedSubject {
  sid: number;
  fresh: boolean;
  cells: Map<string, number[]> | undefined;
}

/**
 * Inserts rows `ROWS_PER_INSERT` at a time with one multi-row INSERT: better-sqlite3 pays a fixed
 * cost per statement run and per bound value, and a million runs of one row cost about twice as
 * much as 62,500 runs of sixteen (measured in memory, so without I/O). `flush` sends the rest one
 * row at a time.
 */
class BatchedInsert {
  static readonly ROWS_PER_INSERT = 16;
  readonly #many: Database.Statement;
  readonly #one: Database.Statement;
  readonly #width: number;
  readonly #values: unknown[];
  #size = 0;

  /** `row` is one row's VALUES tuple, e.g. `(?, ?, NULL, ?)`; `width` its number of `?`. */
  constructor(db: Database.Database, options: { into: string; row: string; width: number }) {
    const { into, row, width } = options;
    this.#many = db.prepare(
      `INSERT INTO ${into} VALUES ${new Array<string>(BatchedInsert.ROWS_PER_INSERT).fill(row).join(', ')}`,
    );
    this.#one = db.prepare(`INSERT INTO ${into} VALUES ${row}`);
    this.#width = width;
    this.#values = new Array<unknown>(width * BatchedInsert.ROWS_PER_INSERT);
  }

  /**
   * Where the next row's values go in `values`; call `added()` once they are written. (Not
   * `add(...values)`: a rest array per row is a million short-lived arrays per import.)
   */
  get at(): number {
    return this.#size * this.#width;
  }

  get values(): unknown[] {
    return this.#values;
  }

  added(): void {
    this.#size += 1;
    if (this.#size === BatchedInsert.ROWS_PER_INSERT) {
      this.#many.run(this.#values);
      this.#size = 0;
    }
  }

  flush(): void {
    for (let r = 0; r < this.#size; r += 1)
      this.#one.run(this.#values.slice(r * this.#width, (r + 1) * this.#width));
    this.#size = 0;
  }
}

/**
 * The embedded default: one SQLite file in WAL mode. All writes of an append run in one transaction,
 * so an import is all or nothing; a dry run does the same work and rolls back.
 */
export class SqliteLedgerStore implements LedgerStore {
  readonly location: string;
  readonly #db: Database.Database;
  readonly #sha256: Hasher;
  readonly #bulkAppendFacts: number;

  private constructor(
    db: Database.Database,
    location: string,
    options: { sha256: Hasher; bulkAppendFacts?: number | undefined },
  ) {
    this.#db = db;
    this.location = location;
    this.#sha256 = options.sha256;
    this.#bulkAppendFacts = options.bulkAppendFacts ?? BULK_APPEND_FACTS;
  }

  /**
   * Open (creating if needed) and migrate the ledger at `path`. `bulkAppendFacts`: appends of at
   * least this many facts take the bulk path (default 50,000; tests lower it).
   */
  static open(
    path: string,
    options: { sha256: Hasher; bulkAppendFacts?: number | undefined },
  ): SqliteLedgerStore {
    let db: Database.Database;
    try {
      db = new Database(path);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      // A large page cache keeps the cells B-tree in memory during big imports; memory-mapped reads
      // spare a fresh CLI process from warming that cache page by page.
      db.pragma('cache_size = -262144');
      db.pragma('mmap_size = 1073741824');
      db.pragma('temp_store = MEMORY');
      db.pragma('busy_timeout = 5000');
      migrate(db);
    } catch (cause) {
      throw new StargateError(
        'storage',
        `cannot open the ledger at ${path}: ${(cause as Error).message}`,
        { cause },
      );
    }
    return new SqliteLedgerStore(db, path, options);
  }

  async findSubjects(ids: Iterable<string>): Promise<Map<string, ExistingSubject>> {
    const found = new Map<string, ExistingSubject>();
    const list = [...new Set(ids)];
    const CHUNK = 500;
    for (let i = 0; i < list.length; i += CHUNK) {
      const chunk = list.slice(i, i + CHUNK);
      const rows = this.#db
        .prepare(
          `SELECT s.subject, s.kind, s.valid, s.fact_key, r.fact FROM subjects s JOIN records r ON r.seq = s.create_seq
           WHERE s.subject IN (${chunk.map(() => '?').join(',')})`,
        )
        .raw()
        .all(...chunk) as [string, SubjectKind, string, string, string][];
      for (const [subject, kind, valid, factKey, fact] of rows) {
        found.set(subject, {
          id: subject,
          kind,
          valid,
          factKey,
          payload: (JSON.parse(fact) as StoredFact).payload,
        });
      }
    }
    return found;
  }

  async append(facts: readonly Fact[], options: AppendOptions): Promise<AppendResult> {
    const db = this.#db;
    const insertBatch = db.prepare('INSERT INTO batches (recorded_at, recorded_by) VALUES (?, ?)');
    const insertSubject = db.prepare(
      'INSERT INTO subjects (subject, kind, create_seq, valid, known, fact_key) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const findSubject = db.prepare('SELECT sid, fact_key FROM subjects WHERE subject = ?').raw();
    const findCell = db
      .prepare(
        'SELECT 1 FROM cells WHERE sid = ? AND field = ? AND valid = ? AND known = ? AND tie = ?',
      )
      .pluck();
    // Most cells have no separate valid text and the default flags: those bind eight values, not ten.
    const insertCell = new BatchedInsert(db, {
      into: 'cells (sid, field, valid, known, tie, seq, source, valid_text, flags, value)',
      row: '(?, ?, ?, ?, ?, ?, ?, NULL, 0, ?)',
      width: 8,
    });
    const cellValues = insertCell.values;
    const insertFullCell = db.prepare(
      'INSERT INTO cells (sid, field, valid, known, tie, seq, source, valid_text, flags, value) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const upsertLatest = db.prepare(
      `INSERT INTO subject_fields (sid, field, valid, known, tie, seq, source, valid_text, flags, value)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (sid, field) DO UPDATE SET valid = excluded.valid, known = excluded.known, tie = excluded.tie,
         seq = excluded.seq, source = excluded.source, valid_text = excluded.valid_text, flags = excluded.flags,
         value = excluded.value
       WHERE (excluded.valid, excluded.known, excluded.tie) > (subject_fields.valid, subject_fields.known, subject_fields.tie)`,
    );

    const run = (): AppendResult => {
      const head = db
        .prepare('SELECT seq, hash FROM records ORDER BY seq DESC LIMIT 1')
        .raw()
        .get() as [number, string] | undefined;
      let seq = head?.[0] ?? 0;
      let prev = head?.[1] ?? GENESIS_HASH;
      const batch = Number(insertBatch.run(options.recordedAt, options.recordedBy).lastInsertRowid);
      const insertRecord = new BatchedInsert(db, {
        into: 'records (seq, batch, fact, fact_key, hash)',
        row: `(?, ${batch}, ?, ?, ?)`,
        width: 4,
      });
      const recordValues = insertRecord.values;
      const link = {
        factKey: '',
        seq: 0,
        recordedAt: options.recordedAt,
        recordedBy: options.recordedBy,
      };
      // Each subject this append touches, found with one map lookup per fact (separate maps for the
      // sid, freshness and cells cost a lookup each: about 0.3 s per million facts apiece).
      const touched = new Map<string, TouchedSubject>();
      // Each fact's text is built once, here, and hashed into its key; the text is written with the
      // record and dies young, the key is kept for the cells (their tie) below. Reading `fact.text`
      // and `fact.factKey` separately built a deferred fact's text twice (1.4 s per million).
      const keys = new Array<string>(facts.length);
      const seenKeys = new FactKeySet(keys, facts.length);
      const seqOf = new Float64Array(facts.length);
      let added = 0;
      for (let index = 0; index < facts.length; index += 1) {
        const fact = facts[index] as Fact;
        if (options.onProgress && (index + 1) % PROGRESS_EVERY === 0)
          options.onProgress(index + 1, facts.length);
        const text = fact.text;
        const factKey = this.#sha256(text);
        keys[index] = factKey;
        if (!seenKeys.add(index)) continue;
        let subject = touched.get(fact.subject);
        if (subject === undefined) {
          const row = findSubject.get(fact.subject) as [number, string] | undefined;
          if (row) {
            subject = { sid: row[0], fresh: false, cells: undefined };
            touched.set(fact.subject, subject);
            if (fact.op === 'create') {
              if (row[1] === factKey) continue; // already in the ledger
              throw new StargateError(
                'conflict',
                `id "${fact.subject}" already exists in the ledger with different content`,
              );
            }
          }
        } else if (fact.op === 'create') {
          throw new StargateError(
            'conflict',
            `id "${fact.subject}" is created twice with different content`,
          );
        }
        if (fact.op === 'update') {
          if (subject === undefined)
            throw new StargateError('not-found', `update of unknown subject "${fact.subject}"`);
          if (!subject.fresh) {
            let first: string | undefined;
            for (first in fact.payload) break;
            if (
              first !== undefined &&
              findCell.get(subject.sid, first, fact.valid, fact.known, tieOf(factKey, 'update')) !==
                undefined
            )
              continue;
          }
        }
        seq += 1;
        link.factKey = factKey;
        link.seq = seq;
        prev = chainHash(prev, link, this.#sha256);
        const r = insertRecord.at;
        recordValues[r] = seq;
        recordValues[r + 1] = text;
        recordValues[r + 2] = factKey;
        recordValues[r + 3] = prev;
        insertRecord.added();
        added += 1;
        if (subject === undefined) {
          const sid = Number(
            insertSubject.run(fact.subject, fact.kind, seq, fact.valid, fact.known, factKey)
              .lastInsertRowid,
          );
          touched.set(fact.subject, { sid, fresh: true, cells: undefined });
          continue;
        }
        seqOf[index] = seq;
        const byField = (subject.cells ??= new Map());
        for (const field in fact.payload) {
          const group = byField.get(field);
          if (group) group.push(index);
          else byField.set(field, [index]);
        }
      }
      insertRecord.flush();
      // Cells go in in key order: appending to the clustered B-tree is far cheaper than random inserts.
      // A feed is mostly in date order already, so a group rarely needs sorting.
      const timeOrder = (i: number, j: number): number => {
        const a = facts[i] as Fact;
        const b = facts[j] as Fact;
        return (
          (a.valid < b.valid ? -1 : a.valid > b.valid ? 1 : 0) ||
          (a.known < b.known ? -1 : a.known > b.known ? 1 : 0) ||
          ((keys[i] as string) < (keys[j] as string)
            ? -1
            : (keys[i] as string) > (keys[j] as string)
              ? 1
              : 0)
        );
      };
      const updated = [...touched.values()].filter((t) => t.cells !== undefined);
      updated.sort((a, b) => a.sid - b.sid);
      for (const { sid, cells: byField } of updated) {
        if (byField === undefined) continue;
        for (const field of [...byField.keys()].sort()) {
          const group = byField.get(field) as number[];
          for (let i = 1; i < group.length; i += 1) {
            if (timeOrder(group[i - 1] as number, group[i] as number) > 0) {
              group.sort(timeOrder);
              break;
            }
          }
          for (let i = 0; i < group.length; i += 1) {
            const index = group[i] as number;
            const fact = facts[index] as Fact;
            const tie = tieOf(keys[index] as string, 'update');
            const value = JSON.stringify(fact.payload[field]);
            const validText = fact.validText === fact.valid ? null : fact.validText;
            const flags = packFlags(fact.assumption, fact.confidence);
            const seq = seqOf[index] as number;
            if (validText === null && flags === 0) {
              const c = insertCell.at;
              cellValues[c] = sid;
              cellValues[c + 1] = field;
              cellValues[c + 2] = fact.valid;
              cellValues[c + 3] = fact.known;
              cellValues[c + 4] = tie;
              cellValues[c + 5] = seq;
              cellValues[c + 6] = fact.source;
              cellValues[c + 7] = value;
              insertCell.added();
            } else {
              insertCell.flush();
              insertFullCell.run(
                sid,
                field,
                fact.valid,
                fact.known,
                tie,
                seq,
                fact.source,
                validText,
                flags,
                value,
              );
            }
            // The last cell of each (subject, field) is this append's latest for it.
            if (i === group.length - 1)
              upsertLatest.run(
                sid,
                field,
                fact.valid,
                fact.known,
                tie,
                seq,
                fact.source,
                validText,
                flags,
                value,
              );
          }
        }
      }
      insertCell.flush();
      return { added, skipped: facts.length - added, records: seq, head: prev };
    };

    const bulk = facts.length >= this.#bulkAppendFacts && options.dryRun !== true;
    const journaled = bulk && this.#enterRollbackJournal();
    db.exec('BEGIN IMMEDIATE');
    try {
      const result = run();
      // An append that adds nothing leaves no trace, not even an empty batch.
      db.exec(options.dryRun === true || result.added === 0 ? 'ROLLBACK' : 'COMMIT');
      return result;
    } catch (error) {
      db.exec('ROLLBACK');
      if (error instanceof StargateError) throw error;
      throw new StargateError(
        'storage',
        `append failed, nothing was written: ${(error as Error).message}`,
        { cause: error },
      );
    } finally {
      if (journaled) this.#leaveRollbackJournal();
    }
  }

  /**
   * For a bulk append, switch from WAL to a rollback journal when this is the only connection to
   * the file. WAL writes every new page twice (into the log, then into the file at checkpoint) and
   * its commit of a large transaction is slow here; a rollback journal writes new pages once, into
   * the file, and journals only the few existing pages it changes. The transaction stays atomic
   * (a crash leaves a hot journal that the next open rolls back) and synchronous=FULL keeps it
   * durable. The cost: a process that opens the ledger meanwhile waits for the append (up to its
   * busy timeout) instead of reading the last commit as WAL allows. With another connection open
   * the switch fails at once (no busy wait) and the append runs in WAL as usual.
   */
  #enterRollbackJournal(): boolean {
    const db = this.#db;
    const timeout = db.pragma('busy_timeout', { simple: true }) as number;
    try {
      db.pragma('busy_timeout = 0');
      const mode = db.pragma('journal_mode = TRUNCATE', { simple: true }) as string;
      if (mode !== 'truncate') return false;
      db.pragma('synchronous = FULL');
      return true;
    } catch {
      return false;
    } finally {
      db.pragma(`busy_timeout = ${timeout}`);
    }
  }

  #leaveRollbackJournal(): void {
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma('synchronous = NORMAL');
  }

  async statesAt(at: ViewPoint, subjects?: readonly string[]): Promise<SubjectState[]> {
    // A filter is passed as a JSON array, so one prepared statement serves any number of ids.
    const only =
      subjects === undefined ? '' : 'AND s.subject IN (SELECT value FROM json_each(@only))';
    const params = {
      asOf: at.asOf,
      knownAt: at.knownAt,
      ...(subjects === undefined ? {} : { only: JSON.stringify(subjects) }),
    };
    // One row per visible subject: its creating record, and the cells of every field an update ever
    // set, joined into one text (fields apart by U+001E, which JSON text never holds raw). Each cell
    // is the field's latest when that is visible at (V, K), else the last visible one, found by one
    // backwards seek on the clustered cells key. Ten thousand rows instead of sixty thousand: the
    // per-row cost of crossing into JavaScript was a third of the query.
    const rows = this.#db
      .prepare(
        `SELECT s.sid, s.create_seq, s.fact_key, r.fact,
           (SELECT group_concat(sf.field || '|' ||
              CASE WHEN sf.valid <= @asOf AND sf.known <= @knownAt
                THEN ${cellText('sf')}
                ELSE (SELECT ${cellText('c')}
                      FROM cells c
                      WHERE c.sid = sf.sid AND c.field = sf.field AND c.valid <= @asOf AND c.known <= @knownAt
                      ORDER BY c.valid DESC, c.known DESC, c.tie DESC LIMIT 1)
              END, char(30))
            FROM subject_fields sf WHERE sf.sid = s.sid)
         FROM subjects s JOIN records r ON r.seq = s.create_seq
         WHERE s.valid <= @asOf AND s.known <= @knownAt ${only}`,
      )
      .raw()
      .all(params) as [number, number, string, string, string | null][];
    const states: SubjectState[] = [];
    const reader = new CellReader();
    for (const [, seq, factKey, text, updated] of rows) {
      const fact = JSON.parse(text) as StoredFact;
      const created = {
        seq,
        tie: tieOf(factKey, 'create'),
        valid: fact.valid,
        validText: fact.validText,
        known: fact.known,
        source: fact.source,
        assumption: fact.assumption,
        confidence: fact.confidence,
      };
      const fields: Record<string, Cell> = {};
      const { payload } = fact;
      for (const field in payload) {
        if (field === 'id' || isMetaKey(field)) continue;
        fields[field] = {
          value: payload[field],
          seq,
          tie: created.tie,
          valid: created.valid,
          validText: created.validText,
          known: created.known,
          source: created.source,
          assumption: created.assumption,
          confidence: created.confidence,
        };
      }
      if (updated !== null) {
        for (let from = 0; from < updated.length;) {
          let to = updated.indexOf('\x1e', from);
          if (to < 0) to = updated.length;
          const bar = updated.indexOf('|', from);
          const field = updated.slice(from, bar);
          const cell = reader.read(updated, bar + 1, to);
          const current = fields[field];
          if (!current || compareCells(cell, current) > 0) fields[field] = cell;
          from = to + 1;
        }
      }
      states.push({ id: fact.subject, kind: fact.kind, created, fields });
    }
    return states;
  }

  async history(subject: string): Promise<LedgerRecord[]> {
    const rows = this.#db
      .prepare(
        `SELECT ${RECORD_COLUMNS} FROM records r JOIN batches b ON b.id = r.batch WHERE r.seq IN (
           SELECT create_seq FROM subjects WHERE subject = @subject
           UNION SELECT c.seq FROM cells c JOIN subjects s ON s.sid = c.sid WHERE s.subject = @subject)
         ORDER BY r.seq`,
      )
      .raw()
      .all({ subject }) as RecordRow[];
    return rows.map((row) => readable(rowToRecord(row)));
  }

  async *records(): AsyncIterable<LedgerRecord | UnreadableRecord> {
    // Read in pages so a long export does not hold one statement open across awaits.
    const page = this.#db
      .prepare(
        `SELECT ${RECORD_COLUMNS} FROM records r LEFT JOIN batches b ON b.id = r.batch WHERE r.seq > ? ORDER BY r.seq LIMIT 5000`,
      )
      .raw();
    let after = 0;
    for (;;) {
      const rows = page.all(after) as RecordRow[];
      if (rows.length === 0) return;
      for (const row of rows) {
        if (row[4] === null)
          yield {
            seq: row[0],
            subject: '?',
            unreadable: 'its batch (recorded-at, recorded-by) is missing',
          };
        else yield rowToRecord(row);
      }
      after = (rows[rows.length - 1] as RecordRow)[0];
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
    const subjectRows = db
      .prepare(
        'SELECT s.sid, s.subject, s.kind, s.create_seq, s.valid, s.known, s.fact_key, r.fact FROM subjects s LEFT JOIN records r ON r.seq = s.create_seq',
      )
      .raw()
      .all() as [number, string, string, number, string, string, string, string | null][];
    const sids = new Map<string, number>();
    for (const [sid, subject, kind, seq, valid, known, factKey, text] of subjectRows) {
      sids.set(subject, sid);
      let fact: StoredFact | undefined;
      try {
        fact = text === null ? undefined : (JSON.parse(text) as StoredFact);
      } catch {
        continue; // the chain walk reports an unreadable record
      }
      const expected = fact && [fact.subject, fact.kind, fact.op, fact.valid, fact.known].join('|');
      if (expected !== [subject, kind, 'create', valid, known].join('|') || factKey === '') {
        problems.push(`subject row of "${subject}" does not match its creating record ${seq}`);
      }
    }
    const creates = db
      .prepare(`SELECT count(*) FROM records WHERE fact LIKE '%"op":"create"%'`)
      .pluck()
      .get() as number;
    if (creates !== subjectRows.length)
      problems.push(`${creates} create records but ${subjectRows.length} subject rows`);
    const unlisted = db
      .prepare(
        'SELECT count(*) FROM (SELECT DISTINCT sid, field FROM cells EXCEPT SELECT sid, field FROM subject_fields)',
      )
      .pluck()
      .get() as number;
    if (unlisted > 0) problems.push(`${unlisted} updated field(s) missing from subject_fields`);
    const staleLatest = db
      .prepare(
        `SELECT count(*) FROM subject_fields sf WHERE NOT EXISTS (
           SELECT 1 FROM (SELECT * FROM cells c WHERE c.sid = sf.sid AND c.field = sf.field
                          ORDER BY c.valid DESC, c.known DESC, c.tie DESC LIMIT 1) m
           WHERE m.valid = sf.valid AND m.known = sf.known AND m.tie = sf.tie AND m.seq = sf.seq AND m.source = sf.source
             AND m.valid_text IS sf.valid_text AND m.flags = sf.flags AND m.value = sf.value)`,
      )
      .pluck()
      .get() as number;
    if (staleLatest > 0)
      problems.push(`${staleLatest} latest-cell copies in subject_fields do not match their cells`);

    // better-sqlite3 runs one statement at a time per connection: page through the records and look
    // each update's cells up by their primary key.
    const page = db
      .prepare('SELECT seq, fact, fact_key FROM records WHERE seq > ? ORDER BY seq LIMIT 5000')
      .raw();
    const cellAt = db
      .prepare(
        'SELECT seq, source, valid_text, flags, value FROM cells WHERE sid = ? AND field = ? AND valid = ? AND known = ? AND tie = ?',
      )
      .raw();
    let expectedCells = 0;
    for (let after = 0; ;) {
      const rows = page.all(after) as [number, string, string][];
      if (rows.length === 0) break;
      for (const [seq, text, factKey] of rows) {
        after = seq;
        let fact: StoredFact;
        try {
          fact = JSON.parse(text) as StoredFact;
        } catch {
          continue; // the chain walk reports an unreadable record
        }
        if (fact.op !== 'update') continue;
        const sid = sids.get(fact.subject);
        const tie = tieOf(factKey, 'update');
        const expected = [
          seq,
          fact.source,
          fact.validText === fact.valid ? null : fact.validText,
          packFlags(fact.assumption, fact.confidence),
        ];
        for (const [field, value] of fieldsOf(fact)) {
          expectedCells += 1;
          const stored = cellAt.get(sid, field, fact.valid, fact.known, tie) as
            [number, string, string | null, number, string] | undefined;
          if (
            !stored ||
            stored.slice(0, 4).some((v, i) => v !== expected[i]) ||
            // Nested objects were stored in the order the file wrote their keys; the record holds them
            // sorted, so compare canonical forms.
            canonicalJson(JSON.parse(stored[4]) as unknown) !== canonicalJson(value)
          ) {
            problems.push(`field cell of record ${seq} (${field}) does not match the record`);
            return problems;
          }
        }
      }
    }
    const cells = db.prepare('SELECT count(*) FROM cells').pluck().get() as number;
    if (cells !== expectedCells)
      problems.push(`${cells} field cells but the update records set ${expectedCells}`);
    return problems;
  }

  async stats(): Promise<LedgerStats> {
    const head = this.#db
      .prepare(
        'SELECT r.seq, r.hash, b.recorded_at FROM records r JOIN batches b ON b.id = r.batch ORDER BY r.seq DESC LIMIT 1',
      )
      .raw()
      .get() as [number, string, string] | undefined;
    const subjects = this.#db.prepare('SELECT count(*) FROM subjects').pluck().get() as number;
    return {
      records: head?.[0] ?? 0,
      subjects,
      head: head?.[1] ?? GENESIS_HASH,
      lastRecordedAt: head?.[2],
    };
  }

  async close(): Promise<void> {
    if (this.#db.open) this.#db.close();
  }
}
