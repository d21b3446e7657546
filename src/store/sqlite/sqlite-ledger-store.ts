import { canonicalJson } from '../../ledger/canonical-json.js';
import type Database from 'better-sqlite3';
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
import type { Confidence } from '../../model/confidence.js';
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
import { FactKeySet } from './fact-key-set.js';
import { openLedgerFile } from './open-connection.js';
import { enterRollbackJournal, leaveRollbackJournal } from './rollback-journal.js';
import {
  allRecords,
  RecordBlockReader,
  RecordBlockWriter,
  type BlockRecord,
  type DamagedRecord,
} from './record-blocks.js';
import {
  CHUNK_CELLS,
  CHUNK_VALUE_CHARS,
  CHUNKS_PER_SUBJECT,
  ChunkReader,
  compareEntries,
  dayCeiling,
  dayCode,
  dayText,
  encodeChunk,
  HEADER_FIELD,
  mergeIntoChunk,
  NO_VALID_TEXT,
  splitIntoChunks,
  tieText,
  timelineRowId,
  UPDATE_FLAG,
  type TimelineEntry,
} from './timeline-chunk.js';
import {
  createEntries,
  isCreatedField,
  keyHalves,
  packFlags,
  unpackConfidence,
} from './timeline-entries.js';
import { TimelineNames } from './timeline-names.js';

const PROGRESS_EVERY = 100_000;
/** Appends of at least this many facts run with a rollback journal when they can (see below). */
const BULK_APPEND_FACTS = 50_000;

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

/** A stored record with its batch's recorded-at and -by (undefined when the batch row is missing). */
function toLedgerRecord(
  stored: BlockRecord | DamagedRecord,
  batch: { recordedAt: string; recordedBy: string } | undefined,
): LedgerRecord | UnreadableRecord {
  const { seq } = stored;
  if ('damage' in stored) return { seq, subject: '?', unreadable: stored.damage };
  if (batch === undefined)
    return { seq, subject: '?', unreadable: 'its batch (recorded-at, recorded-by) is missing' };
  const { text, factKey, hash } = stored;
  const { recordedAt, recordedBy } = batch;
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

/** The fact text of the record at `seq`, which a subject row names; an integrity error otherwise. */
function storedText(stored: BlockRecord | DamagedRecord | undefined, seq: number): string {
  if (stored === undefined || stored.seq !== seq || 'damage' in stored)
    throw new StargateError(
      'integrity',
      `record ${seq}: ${stored !== undefined && 'damage' in stored ? stored.damage : 'it is missing'}; run stargate verify`,
    );
  return stored.text;
}

/** The chain hash of the last record, which the next append links to. */
function storedHash(stored: BlockRecord | DamagedRecord): string {
  if ('damage' in stored)
    throw new StargateError(
      'integrity',
      `record ${stored.seq}: ${stored.damage}; run stargate verify`,
    );
  return stored.hash;
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

/** Not a field code (codes count up from 0). */
const NO_FIELD = -1;

/** An update's value as v3 stored it (JSON.stringify); numbers, most values, without the call. */
function valueJson(value: unknown): string | undefined {
  return typeof value === 'number' && Number.isFinite(value)
    ? String(value)
    : (JSON.stringify(value) as string | undefined);
}

function isInChunkOrder(entries: readonly TimelineEntry[]): boolean {
  for (let i = 1; i < entries.length; i += 1)
    if (compareEntries(entries[i - 1] as TimelineEntry, entries[i] as TimelineEntry) > 0)
      return false;
  return true;
}

/** One stored chunk of a subject's timeline. */
interface StoredChunk {
  chunk: number;
  reader: ChunkReader;
}

/**
 * A subject one append touches: its sid, whether this append created it (then its updates cannot
 * already be in the ledger and need no lookup, and its create goes into its timeline), how many of
 * its updates the append adds, and its stored timeline chunks once an update needed them. Cells are
 * collected as fact indexes and typed arrays and written after the records: a million small
 * objects kept alive until the end cost more in garbage collection than they save.
 */
interface TouchedSubject {
  sid: number;
  /** Its place in the append's list of touched subjects. */
  slot: number;
  /** The index and key of the fact that created it, when this append did; undefined when it was already in the ledger. */
  created: { index: number; factKey: string } | undefined;
  /** How many update facts of it this append adds. */
  updates: number;
  stored: StoredChunk[] | undefined;
}

export interface SqliteLedgerOptions {
  sha256: Hasher;
  bulkAppendFacts?: number | undefined;
  chunkCells?: number | undefined;
  /** How long to wait for another process's lock (default LOCK_WAIT_MS); tests lower it. */
  lockWaitMs?: number | undefined;
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
  readonly #chunkBounds: { cells: number; valueChars: number };
  readonly #names: TimelineNames;

  private constructor(db: Database.Database, location: string, options: SqliteLedgerOptions) {
    this.#db = db;
    this.location = location;
    this.#sha256 = options.sha256;
    this.#bulkAppendFacts = options.bulkAppendFacts ?? BULK_APPEND_FACTS;
    this.#chunkBounds = {
      cells: options.chunkCells ?? CHUNK_CELLS,
      valueChars: CHUNK_VALUE_CHARS,
    };
    this.#names = new TimelineNames(db);
  }

  /**
   * Open (creating if needed) and migrate the ledger at `path`. `bulkAppendFacts`: appends of at
   * least this many facts take the bulk path (default 50,000); `chunkCells`: cells per timeline
   * chunk (default CHUNK_CELLS); `lockWaitMs`: how long to wait for another process's lock
   * (default LOCK_WAIT_MS). Tests lower them.
   */
  static open(path: string, options: SqliteLedgerOptions): SqliteLedgerStore {
    const db = openLedgerFile(path, {
      what: 'the ledger',
      lockWaitMs: options.lockWaitMs,
      // A large page cache keeps the timelines B-tree in memory during big imports; memory-mapped
      // reads spare a fresh CLI process from warming that cache page by page.
      pragmas: ['cache_size = -262144', 'mmap_size = 1073741824', 'temp_store = MEMORY'],
    });
    return new SqliteLedgerStore(db, path, options);
  }

  async findSubjects(ids: Iterable<string>): Promise<Map<string, ExistingSubject>> {
    const found = new Map<string, ExistingSubject>();
    const list = [...new Set(ids)];
    const CHUNK = 500;
    const rows: [string, SubjectKind, string, string, number][] = [];
    for (let i = 0; i < list.length; i += CHUNK) {
      const chunk = list.slice(i, i + CHUNK);
      rows.push(
        ...(this.#db
          .prepare(
            `SELECT subject, kind, valid, fact_key, create_seq FROM subjects
             WHERE subject IN (${chunk.map(() => '?').join(',')})`,
          )
          .raw()
          .all(...chunk) as [string, SubjectKind, string, string, number][]),
      );
    }
    // In seq order, so neighbouring creates come from the block the reader holds.
    rows.sort((a, b) => a[4] - b[4]);
    const reader = new RecordBlockReader(this.#db);
    for (const [subject, kind, valid, factKey, seq] of rows) {
      found.set(subject, {
        id: subject,
        kind,
        valid,
        factKey,
        payload: (JSON.parse(storedText(reader.at(seq), seq)) as StoredFact).payload,
      });
    }
    return found;
  }

  async append(facts: readonly Fact[], options: AppendOptions): Promise<AppendResult> {
    const db = this.#db;
    const names = this.#names;
    const bounds = this.#chunkBounds;
    const insertBatch = db.prepare('INSERT INTO batches (recorded_at, recorded_by) VALUES (?, ?)');
    const insertSubject = db.prepare(
      'INSERT INTO subjects (subject, kind, create_seq, valid, known, fact_key) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const findSubject = db.prepare('SELECT sid, fact_key FROM subjects WHERE subject = ?').raw();
    const loadTimeline = db
      .prepare('SELECT id, cells, vals FROM timelines WHERE id BETWEEN ? AND ? ORDER BY id')
      .raw();
    const writeChunk = db.prepare(
      'INSERT OR REPLACE INTO timelines (id, cells, vals) VALUES (?, ?, ?)',
    );
    const storedChunks = (sid: number): StoredChunk[] =>
      (
        loadTimeline.all(timelineRowId(sid, 0), timelineRowId(sid, CHUNKS_PER_SUBJECT - 1)) as [
          number,
          Buffer,
          string,
        ][]
      ).map(([id, cells, vals]) => ({
        chunk: id - timelineRowId(sid, 0),
        reader: new ChunkReader(cells, vals),
      }));

    const run = (): AppendResult => {
      const head = new RecordBlockReader(db).last();
      let seq = head?.seq ?? 0;
      let prev = head === undefined ? GENESIS_HASH : storedHash(head);
      const batch = Number(insertBatch.run(options.recordedAt, options.recordedBy).lastInsertRowid);
      const records = new RecordBlockWriter(db, { batch, from: seq + 1 });
      const link = {
        factKey: '',
        seq: 0,
        recordedAt: options.recordedAt,
        recordedBy: options.recordedBy,
      };
      // Each subject this append touches, found with one map lookup per fact (separate maps for the
      // sid, freshness and cells cost a lookup each: about 0.3 s per million facts apiece).
      const touched = new Map<string, TouchedSubject>();
      const bySlot: TouchedSubject[] = [];
      // One literal shape for every subject: built by a spread, the objects were slow to read.
      const touch = (id: string, sid: number, created?: TouchedSubject['created']) => {
        const subject: TouchedSubject = {
          sid,
          slot: bySlot.length,
          created,
          updates: 0,
          stored: undefined,
        };
        bySlot.push(subject);
        touched.set(id, subject);
        return subject;
      };
      // Each fact's text is built once, here, and hashed into its key; the text is written with the
      // record and dies young. Reading `fact.text` and `fact.factKey` separately built a deferred
      // fact's text twice (1.4 s per million). A repeat is found by the key's first 64 bits; the
      // rare fact whose bits match an earlier one's has that one's key built again to compare.
      const seenKeys = new FactKeySet(facts.length, (i) => this.#sha256((facts[i] as Fact).text));
      const seqOf = new Float64Array(facts.length);
      // What an added update's cells need, as timeline integers (see timeline-chunk.ts) in typed
      // arrays, taken while the fact is at hand: no per-fact objects to keep alive, and the pass
      // that writes timelines, subject by subject, reads facts only for their payloads.
      const validOf = new Int32Array(facts.length);
      const knownOf = new Int32Array(facts.length);
      const tieHighOf = new Uint32Array(facts.length);
      const tieLowOf = new Uint32Array(facts.length);
      const sourceOf = new Int32Array(facts.length);
      const validTextOf = new Int32Array(facts.length);
      const flagsOf = new Int32Array(facts.length);
      // An added update that sets one field to a finite number, the common case of a feed: the
      // field's code and the number, so that the timeline pass need not reach the fact again. That
      // pass goes subject by subject, across the heap, and reading each fact's payload there cost
      // about 0.5 s per million facts; here, in fact order, the same read is cheap. NO_FIELD for
      // any other fact, whose payload the timeline pass reads.
      const numberFieldOf = new Int32Array(facts.length);
      const numberOf = new Float64Array(facts.length);
      // The touched subject (slot) of each added update, -1 for any other fact: grouped by subject
      // after the pass with a counting sort, which beat an array of indexes per subject.
      const slotOf = new Int32Array(facts.length).fill(-1);
      // Facts come in runs from one source: its code is looked up once per run.
      let lastSource = '';
      let lastSourceCode = 0;
      const cellKey = { field: 0, valid: 0, known: 0, flags: UPDATE_FLAG, tieHigh: 0, tieLow: 0 };
      let added = 0;
      for (let index = 0; index < facts.length; index += 1) {
        const fact = facts[index] as Fact;
        if (options.onProgress && (index + 1) % PROGRESS_EVERY === 0)
          options.onProgress(index + 1, facts.length);
        const text = fact.text;
        const factKey = this.#sha256(text);
        const tie = keyHalves(factKey);
        if (tie === undefined)
          throw new StargateError(
            'internal',
            `fact key "${factKey}" does not start with 16 lowercase hex digits: the ledger needs SHA-256 hex keys`,
          );
        if (!seenKeys.add(index, factKey, tie)) continue;
        let subject = touched.get(fact.subject);
        if (subject === undefined) {
          const row = findSubject.get(fact.subject) as [number, string] | undefined;
          if (row) {
            subject = touch(fact.subject, row[0]);
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
        const valid = dayCode(fact.valid);
        const known = dayCode(fact.known);
        if (valid === undefined || known === undefined)
          throw new StargateError(
            'invalid-input',
            `${fact.op} of "${fact.subject}": valid time "${fact.valid}" and known time "${fact.known}" must be days (YYYY-MM-DD)`,
          );
        if (fact.op === 'update') {
          if (subject === undefined)
            throw new StargateError('not-found', `update of unknown subject "${fact.subject}"`);
          validOf[index] = valid;
          knownOf[index] = known;
          tieHighOf[index] = tie[0];
          tieLowOf[index] = tie[1];
          if (subject.created === undefined) {
            // Already in the ledger when its first field's cell is: a binary search per chunk.
            let first: string | undefined;
            for (first in fact.payload) break;
            const field = first === undefined ? undefined : names.find(first);
            if (field !== undefined) {
              cellKey.field = field;
              cellKey.valid = valid;
              cellKey.known = known;
              cellKey.tieHigh = tie[0];
              cellKey.tieLow = tie[1];
              subject.stored ??= storedChunks(subject.sid);
              if (subject.stored.some(({ reader }) => reader.has(cellKey))) continue;
            }
          }
        }
        seq += 1;
        link.factKey = factKey;
        link.seq = seq;
        prev = chainHash(prev, link, this.#sha256);
        records.add(text, factKey, prev);
        added += 1;
        seqOf[index] = seq;
        if (subject === undefined) {
          const sid = Number(
            insertSubject.run(fact.subject, fact.kind, seq, fact.valid, fact.known, factKey)
              .lastInsertRowid,
          );
          touch(fact.subject, sid, { index, factKey });
          continue;
        }
        slotOf[index] = subject.slot;
        subject.updates += 1;
        if (fact.source !== lastSource) {
          lastSource = fact.source;
          lastSourceCode = names.codeOf(fact.source);
        }
        sourceOf[index] = lastSourceCode;
        validTextOf[index] =
          fact.validText === fact.valid ? NO_VALID_TEXT : names.codeOf(fact.validText);
        flagsOf[index] = packFlags(fact) | UPDATE_FLAG;
        numberFieldOf[index] = NO_FIELD;
        let only: string | undefined;
        let fields = 0;
        for (const field in fact.payload) {
          only = field;
          if (++fields > 1) break;
        }
        if (fields === 1) {
          const value = fact.payload[only as string];
          if (typeof value === 'number' && Number.isFinite(value)) {
            numberFieldOf[index] = names.codeOf(only as string);
            numberOf[index] = value;
          }
        }
      }
      records.flush();

      // Each touched subject's added updates, in fact order: `order[start[slot] … start[slot + 1])`.
      const start = new Int32Array(bySlot.length + 1);
      for (const subject of bySlot) start[subject.slot + 1] = subject.updates;
      for (let slot = 0; slot < bySlot.length; slot += 1)
        start[slot + 1] = (start[slot + 1] as number) + (start[slot] as number);
      const order = new Int32Array(start[bySlot.length] as number);
      const next = start.slice(0, bySlot.length);
      for (let index = 0; index < facts.length; index += 1) {
        const slot = slotOf[index] as number;
        if (slot < 0) continue;
        order[next[slot] as number] = index;
        next[slot] = (next[slot] as number) + 1;
      }

      // Then each touched subject's timeline: its new cells (and its create's, when this append
      // created it), merged with its last stored chunk unless that is full, sorted into chunk
      // order, one row per chunk. (Grouping cells by field as they came, per fact, cost more than
      // sorting each subject's hundred-odd entries once.)
      const codeOf = (name: string) => names.codeOf(name);
      const cellOf = (index: number, field: number, value: string): TimelineEntry => ({
        field,
        valid: validOf[index] as number,
        known: knownOf[index] as number,
        tieHigh: tieHighOf[index] as number,
        tieLow: tieLowOf[index] as number,
        seq: seqOf[index] as number,
        source: sourceOf[index] as number,
        validText: validTextOf[index] as number,
        flags: flagsOf[index] as number,
        value,
      });
      const updated = bySlot.filter((t) => t.updates > 0 || t.created !== undefined);
      updated.sort((a, b) => a.sid - b.sid);
      for (const subject of updated) {
        let entries: TimelineEntry[] = [];
        if (subject.created !== undefined) {
          const { index, factKey } = subject.created;
          // Dates and key were checked above.
          entries = createEntries(facts[index] as Fact, {
            seq: seqOf[index] as number,
            factKey,
            codeOf,
          }) as TimelineEntry[];
        }
        for (
          let k = start[subject.slot] as number;
          k < (start[subject.slot + 1] as number);
          k += 1
        ) {
          const index = order[k] as number;
          const numberField = numberFieldOf[index] as number;
          if (numberField !== NO_FIELD) {
            entries.push(cellOf(index, numberField, String(numberOf[index])));
            continue;
          }
          const fact = facts[index] as Fact;
          for (const field in fact.payload) {
            const value = valueJson(fact.payload[field]);
            if (value === undefined)
              throw new StargateError(
                'invalid-input',
                `update of "${fact.subject}" sets "${field}" to a value JSON cannot hold`,
              );
            entries.push(cellOf(index, codeOf(field), value));
          }
        }
        if (!isInChunkOrder(entries)) entries.sort(compareEntries);
        let chunk = 0;
        if (subject.created === undefined) {
          const last = (subject.stored ??= storedChunks(subject.sid)).at(-1);
          if (last !== undefined) {
            chunk = last.chunk;
            if (last.reader.isFull(bounds)) chunk += 1;
            else if (
              last.reader.count + entries.length <= bounds.cells &&
              last.reader.valueChars + entries.reduce((n, e) => n + e.value.length, 0) <=
                bounds.valueChars
            ) {
              const { reader } = last;
              // The common case, a few cells more for a subject: merged as bytes, one row.
              const merged = mergeIntoChunk(reader, entries);
              writeChunk.run(timelineRowId(subject.sid, chunk), merged.cells, merged.values);
              continue;
            } else {
              const { reader } = last;
              for (let i = 0; i < reader.count; i += 1) entries.push(reader.entry(i));
              entries.sort(compareEntries);
            }
          }
        }
        for (const piece of splitIntoChunks(entries, bounds)) {
          const encoded = encodeChunk(piece);
          writeChunk.run(timelineRowId(subject.sid, chunk), encoded.cells, encoded.values);
          chunk += 1;
        }
      }
      return { added, skipped: facts.length - added, records: seq, head: prev };
    };

    const bulk = facts.length >= this.#bulkAppendFacts && options.dryRun !== true;
    // A rollback journal for the bulk append when it can (see rollback-journal.ts).
    const journaled = bulk && enterRollbackJournal(db);
    db.exec('BEGIN IMMEDIATE');
    // Name codes handed out in a transaction that rolls back must be forgotten with it.
    let namesMark = names.size;
    try {
      names.refresh();
      namesMark = names.size;
      const result = run();
      // An append that adds nothing leaves no trace, not even an empty batch.
      const keep = options.dryRun !== true && result.added > 0;
      db.exec(keep ? 'COMMIT' : 'ROLLBACK');
      if (!keep) names.rollBackTo(namesMark);
      return result;
    } catch (error) {
      db.exec('ROLLBACK');
      names.rollBackTo(namesMark);
      if (error instanceof StargateError) throw error;
      throw new StargateError(
        'storage',
        `append failed, nothing was written: ${(error as Error).message}`,
        { cause: error },
      );
    } finally {
      if (journaled) leaveRollbackJournal(db);
    }
  }

  async statesAt(at: ViewPoint, subjects?: readonly string[]): Promise<SubjectState[]> {
    // One read transaction: the names read first and the timelines read after are one snapshot, so
    // every code a chunk holds is known.
    const db = this.#db;
    const own = !db.inTransaction;
    if (own) db.exec('BEGIN');
    try {
      this.#names.refresh();
      return this.#statesAt(at, subjects);
    } finally {
      if (own) db.exec('COMMIT');
    }
  }

  #statesAt(at: ViewPoint, subjects: readonly string[] | undefined): SubjectState[] {
    // A filter is passed as a JSON array, so one prepared statement serves any number of ids.
    const only =
      subjects === undefined ? '' : 'AND s.subject IN (SELECT value FROM json_each(@only))';
    const params = {
      asOf: at.asOf,
      knownAt: at.knownAt,
      ...(subjects === undefined ? {} : { only: JSON.stringify(subjects) }),
    };
    // One row per visible subject and timeline chunk (one chunk for all but long histories), in
    // sid order so a subject's chunks come together. No record is read: the create is in the
    // timeline too. Iterated, not fetched all at once: a row dies young once read, instead of ten
    // thousand surviving a garbage collection or two.
    const rows = this.#db
      .prepare(
        `SELECT s.sid, s.subject, s.kind, s.create_seq, s.valid, s.known, s.fact_key, t.cells, t.vals
         FROM subjects s
           LEFT JOIN timelines t ON t.id BETWEEN s.sid * ${CHUNKS_PER_SUBJECT} AND s.sid * ${CHUNKS_PER_SUBJECT} + ${CHUNKS_PER_SUBJECT - 1}
         WHERE s.valid <= @asOf AND s.known <= @knownAt ${only}
         ORDER BY s.sid, t.id`,
      )
      .raw()
      .iterate(params) as IterableIterator<
      [number, string, SubjectKind, number, string, string, string, Buffer | null, string | null]
    >;
    const asOf = dayCeiling(at.asOf);
    const knownAt = dayCeiling(at.knownAt);
    const names = this.#names;
    // Dates repeat across thousands of cells: each text is made once per query (everything a view
    // keeps survives the young generation, and copying it there was a third of `statesAt`).
    const days = new Map<number, string>();
    const dayOf = (code: number): string => {
      let text = days.get(code);
      if (text === undefined) days.set(code, (text = dayText(code)));
      return text;
    };
    // The create's tie, shared by all its cells (one string, not one per cell).
    let createTie = '';
    const cellAt = (chunk: ChunkReader, i: number, header = false): Cell => {
      const valid = dayOf(chunk.valid(i));
      const validText = chunk.validText(i);
      const flags = chunk.flags(i);
      return {
        value: header ? undefined : chunk.parsedValue(i),
        seq: chunk.seq(i),
        tie:
          (flags & UPDATE_FLAG) === 0
            ? createTie
            : tieText({ flags, tieHigh: chunk.tieHigh(i), tieLow: chunk.tieLow(i) }),
        valid,
        validText: validText === NO_VALID_TEXT ? valid : names.nameOf(validText),
        known: dayOf(chunk.known(i)),
        source: names.nameOf(chunk.source(i)),
        assumption: (flags & 1) === 1,
        confidence: unpackConfidence(flags),
      };
    };
    const states: SubjectState[] = [];
    // The subject being read: its row, its create's basis (from the header entry) and, per field,
    // the greatest visible cell over its chunks and whether the create set that field.
    let subject:
      | {
          row: [number, string, SubjectKind, number, string, string, string];
          basis: Cell | undefined;
        }
      | undefined;
    // Its fields' picks so far, kept in the order below (a handful per subject: insertion).
    const pickedNames: string[] = [];
    const pickedCells: Cell[] = [];
    const pickedCreated: boolean[] = [];
    const pick = (name: string, cell: Cell, created: boolean) => {
      let at = pickedNames.indexOf(name);
      if (at >= 0) {
        // The same field in another chunk of a long history: the greater cell wins, and the
        // field keeps the create's place if any chunk holds the create's cell.
        if (compareCells(cell, pickedCells[at] as Cell) > 0) pickedCells[at] = cell;
        if (!created || pickedCreated[at] === true) return;
        pickedNames.splice(at, 1);
        cell = pickedCells.splice(at, 1)[0] as Cell;
        pickedCreated.splice(at, 1);
      }
      // Insertion in place (splice would allocate an array per call).
      at = pickedNames.length;
      pickedNames.push(name);
      pickedCells.push(cell);
      pickedCreated.push(created);
      while (
        at > 0 &&
        ((created && pickedCreated[at - 1] === false) ||
          (created === pickedCreated[at - 1] && name < (pickedNames[at - 1] as string)))
      ) {
        pickedNames[at] = pickedNames[at - 1] as string;
        pickedCells[at] = pickedCells[at - 1] as Cell;
        pickedCreated[at] = pickedCreated[at - 1] as boolean;
        at -= 1;
      }
      pickedNames[at] = name;
      pickedCells[at] = cell;
      pickedCreated[at] = created;
    };
    // Fields in the order v3 built them: the create's, in its payload's (sorted) key order, then
    // the fields only updates set, by name. Views (and `status --json`) list them in this order.
    const settle = () => {
      if (subject === undefined) return;
      const [sid, id, kind, seq, valid, known] = subject.row;
      const { basis } = subject;
      // Every subject's first chunk starts with its create's header: without it, the file is damaged.
      if (basis === undefined)
        throw new StargateError(
          'integrity',
          `the timeline of "${id}" (subject #${sid}) has no create header; run stargate verify`,
        );
      const created = {
        seq,
        tie: createTie,
        valid,
        validText: basis.validText,
        known,
        source: basis.source,
        assumption: basis.assumption,
        confidence: basis.confidence,
      };
      const fields: Record<string, Cell> = {};
      for (let k = 0; k < pickedNames.length; k += 1)
        fields[pickedNames[k] as string] = pickedCells[k] as Cell;
      states.push({ id, kind, created, fields });
      pickedNames.length = 0;
      pickedCells.length = 0;
      pickedCreated.length = 0;
    };
    for (const [sid, id, kind, seq, valid, known, factKey, cells, vals] of rows) {
      if (subject?.row[0] !== sid) {
        settle();
        subject = { row: [sid, id, kind, seq, valid, known, factKey], basis: undefined };
        createTie = tieOf(factKey, 'create');
      }
      if (cells === null || vals === null) continue;
      // Per field run, from its end: the first visible cell is the greatest visible one, one step
      // when the latest is visible (a view of today). The rest of the run is only checked for the
      // create's cell, which decides the field's place.
      const chunk = new ChunkReader(cells, vals);
      for (let i = chunk.count - 1; i >= 0;) {
        const field = chunk.field(i);
        if (field === HEADER_FIELD) {
          subject.basis = cellAt(chunk, i, true);
          i -= 1;
          continue;
        }
        let visible = -1;
        let created = false;
        for (; i >= 0 && chunk.field(i) === field; i -= 1) {
          if (visible < 0 && chunk.valid(i) <= asOf && chunk.known(i) <= knownAt) visible = i;
          if ((chunk.flags(i) & UPDATE_FLAG) === 0) created = true;
        }
        if (visible >= 0) pick(names.nameOf(field), cellAt(chunk, visible), created);
      }
    }
    settle();
    return states;
  }

  async history(subject: string): Promise<LedgerRecord[]> {
    const db = this.#db;
    const found = db
      .prepare('SELECT sid, create_seq FROM subjects WHERE subject = ?')
      .raw()
      .get(subject) as [number, number] | undefined;
    if (found === undefined) return [];
    const [sid, createSeq] = found;
    const seqs = new Set<number>([createSeq]);
    const chunks = db
      .prepare('SELECT cells, vals FROM timelines WHERE id BETWEEN ? AND ?')
      .raw()
      .all(timelineRowId(sid, 0), timelineRowId(sid, CHUNKS_PER_SUBJECT - 1)) as [Buffer, string][];
    for (const [cells, vals] of chunks) {
      const chunk = new ChunkReader(cells, vals);
      for (let i = 0; i < chunk.count; i += 1) seqs.add(chunk.seq(i));
    }
    const reader = new RecordBlockReader(db);
    const batches = this.#batches();
    return [...seqs]
      .sort((a, b) => a - b)
      .flatMap((seq) => {
        const stored = reader.at(seq);
        return stored === undefined
          ? []
          : [readable(toLedgerRecord(stored, batches.get(stored.batch)))];
      });
  }

  /** Each batch's recorded-at and -by, by id (one row per import: few). */
  #batches(): Map<number, { recordedAt: string; recordedBy: string }> {
    const rows = this.#db
      .prepare('SELECT id, recorded_at, recorded_by FROM batches')
      .raw()
      .all() as [number, string, string][];
    return new Map(rows.map(([id, recordedAt, recordedBy]) => [id, { recordedAt, recordedBy }]));
  }

  async *records(): AsyncIterable<LedgerRecord | UnreadableRecord> {
    // Read in pages of blocks, so a long export does not hold one statement open across awaits.
    // Another process may append meanwhile: a batch not yet known is looked up again, once.
    let batches = this.#batches();
    const missing = new Set<number>();
    for (const stored of allRecords(new RecordBlockReader(this.#db))) {
      if (!batches.has(stored.batch) && !missing.has(stored.batch)) {
        batches = this.#batches();
        if (!batches.has(stored.batch)) missing.add(stored.batch);
      }
      yield toLedgerRecord(stored, batches.get(stored.batch));
    }
  }

  /**
   * Check the derived tables against the records they come from: every subject row against its
   * creating record, and every timeline entry, value included, against the record it names. An
   * entry changed in the file would change what views show without touching the chain; this is
   * what finds it. Each entry must match a distinct (record, field) of its subject — a create's
   * header counts as one — and there must be as many entries as the records set: so entries and
   * records correspond one to one, and none is missing, extra or altered.
   */
  async checkDerived(): Promise<string[]> {
    const db = this.#db;
    const problems: string[] = [];
    const check = db.pragma('quick_check', { simple: true }) as string;
    if (check !== 'ok') problems.push(`SQLite quick_check: ${check}`);
    const subjectRows = db
      .prepare(
        'SELECT sid, subject, kind, create_seq, valid, known, fact_key FROM subjects ORDER BY create_seq',
      )
      .raw()
      .all() as [number, string, string, number, string, string, string][];
    const reader = new RecordBlockReader(db);
    const subjectOf = new Map<number, string>();
    // Each subject row is checked against its creating record during the walk below.
    type SubjectRow = (typeof subjectRows)[number];
    const createdBy = new Map<number, SubjectRow>();
    for (const row of subjectRows) {
      subjectOf.set(row[0], row[1]);
      createdBy.set(row[3], row);
    }
    const subjectRowProblem = (row: SubjectRow, fact: StoredFact | undefined) => {
      const [, subject, kind, seq, valid, known, factKey] = row;
      const expected = fact && [fact.subject, fact.kind, fact.op, fact.valid, fact.known].join('|');
      if (expected !== [subject, kind, 'create', valid, known].join('|') || factKey === '')
        problems.push(`subject row of "${subject}" does not match its creating record ${seq}`);
    };
    // Every stored entry is checked against its record. A subject's records are spread over the
    // whole ledger, and a record is read through its block of 64: so the chunks are read first
    // (a few tens of MB at a million records), their entries ordered by seq, and the records then
    // walked once, in order, each checked against the entries that name it. (Looking each entry's
    // record up, block by block, made `verify` of the 1M bench ledger four times slower.)
    this.#names.refresh();
    const chunkPage = db
      .prepare('SELECT id, cells, vals FROM timelines WHERE id > ? ORDER BY id LIMIT 500')
      .raw();
    const chunks: { chunk: ChunkReader; subject: string; sid: number; where: string }[] = [];
    const entryChunk: number[] = [];
    const entryIndex: number[] = [];
    const entrySeq: number[] = [];
    for (let id = -1; ;) {
      const rows = chunkPage.all(id) as [number, Buffer, string][];
      if (rows.length === 0) break;
      for (const [rowId, blob, vals] of rows) {
        id = rowId;
        const sid = Math.floor(rowId / CHUNKS_PER_SUBJECT);
        const subject = subjectOf.get(sid);
        const where = `timeline chunk ${rowId % CHUNKS_PER_SUBJECT} of ${subject === undefined ? `unknown subject #${sid}` : `"${subject}"`}`;
        if (subject === undefined) {
          problems.push(`${where} has no subject row`);
          continue;
        }
        let chunk: ChunkReader;
        try {
          chunk = new ChunkReader(blob, vals);
        } catch (error) {
          problems.push(`${where} is damaged: ${(error as Error).message}`);
          continue;
        }
        for (let i = 0; i < chunk.count; i += 1) {
          entryChunk.push(chunks.length);
          entryIndex.push(i);
          entrySeq.push(chunk.seq(i));
        }
        chunks.push({ chunk, subject, sid, where });
      }
    }
    const cells = entrySeq.length;
    // The entries in seq order (a counting sort: seqs run from 1 to the last record's).
    const lastSeq = reader.last()?.seq ?? 0;
    const walked = new Uint8Array(lastSeq + 2);
    const bucketOf = (seq: number) => (seq >= 1 && seq <= lastSeq ? seq : lastSeq + 1);
    const first = new Int32Array(lastSeq + 3);
    for (const seq of entrySeq) first[bucketOf(seq) + 1] = (first[bucketOf(seq) + 1] as number) + 1;
    for (let b = 1; b < first.length; b += 1)
      first[b] = (first[b] as number) + (first[b - 1] as number);
    const bySeq = new Int32Array(cells);
    const fill = first.slice();
    for (let e = 0; e < cells; e += 1) {
      const b = bucketOf(entrySeq[e] as number);
      bySeq[fill[b] as number] = e;
      fill[b] = (fill[b] as number) + 1;
    }
    const entriesOf = (bucket: number) => bySeq.subarray(first[bucket], first[bucket + 1]);
    const checkEntries = (record: {
      seq: number;
      fact: StoredFact | undefined;
      factKey: string;
    }) => {
      const seen = new Set<string>();
      for (const e of entriesOf(bucketOf(record.seq))) {
        const { chunk, subject, sid, where } = chunks[
          entryChunk[e] as number
        ] as (typeof chunks)[0];
        const i = entryIndex[e] as number;
        // The bucket past the last seq holds entries naming seqs that have no record.
        const seq = entrySeq[e] as number;
        const named = seq === record.seq ? record : { seq, fact: undefined, factKey: '' };
        const problem = this.#entryProblem({ chunk, i, record: named, subject });
        if (problem !== undefined) return `${where}: ${problem}`;
        const key = `${sid}\u0000${chunk.field(i)}`;
        if (seen.has(key)) return `${where}: entry ${i} (record ${seq}) is stored twice`;
        seen.add(key);
      }
      return undefined;
    };

    // The records, once, in seq order: how many entries they make (a header and the fields of each
    // create, the fields of each update), how many creates there are, and their entries checked.
    let expectedCells = 0;
    let creates = 0;
    for (const stored of allRecords(reader)) {
      let fact: StoredFact | undefined;
      if (!('damage' in stored)) {
        try {
          fact = JSON.parse(stored.text) as StoredFact;
          expectedCells += fieldsOf(fact).length + (fact.op === 'create' ? 1 : 0);
          if (fact.op === 'create') creates += 1;
        } catch {
          // the chain walk reports an unreadable record
        }
      }
      const factKey = fact === undefined || 'damage' in stored ? '' : stored.factKey;
      if (stored.seq >= 1 && stored.seq <= lastSeq) walked[stored.seq] = 1;
      const created = createdBy.get(stored.seq);
      if (created !== undefined) {
        createdBy.delete(stored.seq);
        // An unreadable creating record is the chain walk's to report.
        if (fact !== undefined) subjectRowProblem(created, fact);
      }
      const problem = checkEntries({ seq: stored.seq, fact, factKey });
      if (problem !== undefined) return [...problems, problem];
    }
    // Entries naming no record: a seq the walk did not meet (past the last, or a gap).
    for (let seq = 1; seq <= lastSeq + 1; seq += 1) {
      if (walked[seq] === 1) continue;
      const problem = checkEntries({ seq, fact: undefined, factKey: '' });
      if (problem !== undefined) return [...problems, problem];
    }
    for (const row of createdBy.values()) subjectRowProblem(row, undefined);
    if (creates !== subjectRows.length)
      problems.push(`${creates} create records but ${subjectRows.length} subject rows`);
    if (cells !== expectedCells)
      problems.push(`${cells} timeline entries but the records make ${expectedCells}`);
    return problems;
  }

  /** What is wrong with entry `i` of `chunk`, checked against its record; undefined when sound. */
  #entryProblem(c: {
    chunk: ChunkReader;
    i: number;
    record: { seq: number; fact: StoredFact | undefined; factKey: string };
    subject: string;
  }): string | undefined {
    const { chunk, i, record } = c;
    const { fact, seq } = record;
    const next = i + 1 < chunk.count ? i + 1 : undefined;
    if (next !== undefined && compareEntries(chunk.entry(i), chunk.entry(next)) >= 0)
      return `entries ${i} and ${next} are out of order`;
    if (
      chunk.valueStart(i) > chunk.valueEnd(i) ||
      chunk.valueEnd(i) > chunk.values.length ||
      (next === undefined && chunk.valueEnd(i) !== chunk.values.length)
    )
      return `entry ${i} has a value outside the chunk's text`;
    const code = chunk.field(i);
    const flags = chunk.flags(i);
    const op = (flags & UPDATE_FLAG) === 0 ? 'create' : 'update';
    let field: string;
    try {
      field = code === HEADER_FIELD ? 'create header' : this.#names.nameOf(code);
    } catch (error) {
      return (error as Error).message;
    }
    const what =
      op === 'update'
        ? `field cell of record ${seq} (${field})`
        : `create cell of record ${seq} (${field})`;
    if (fact === undefined || fact.op !== op || fact.subject !== c.subject)
      return `${what} names no ${op} of this subject`;
    let matches: boolean;
    try {
      const validText = chunk.validText(i);
      const basisMatches =
        dayText(chunk.valid(i)) === fact.valid &&
        dayText(chunk.known(i)) === fact.known &&
        tieText({ flags, tieHigh: chunk.tieHigh(i), tieLow: chunk.tieLow(i) }) ===
          tieOf(record.factKey, op) &&
        this.#names.nameOf(chunk.source(i)) === fact.source &&
        (validText === NO_VALID_TEXT ? fact.valid : this.#names.nameOf(validText)) ===
          fact.validText &&
        (flags & ~UPDATE_FLAG) === packFlags(fact);
      matches =
        basisMatches &&
        (code === HEADER_FIELD
          ? op === 'create' && chunk.value(i) === ''
          : (op === 'update' || isCreatedField(field)) &&
            Object.hasOwn(fact.payload, field) &&
            // Nested objects of an update were stored in the order the file wrote their keys; the
            // record holds them sorted, so compare canonical forms.
            canonicalJson(JSON.parse(chunk.value(i)) as unknown) ===
              canonicalJson(fact.payload[field]));
    } catch {
      matches = false;
    }
    return matches ? undefined : `${what} does not match the record`;
  }

  async stats(): Promise<LedgerStats> {
    const last = new RecordBlockReader(this.#db).last();
    const subjects = this.#db.prepare('SELECT count(*) FROM subjects').pluck().get() as number;
    return {
      records: last?.seq ?? 0,
      subjects,
      head: last === undefined ? GENESIS_HASH : storedHash(last),
      lastRecordedAt: last === undefined ? undefined : this.#batches().get(last.batch)?.recordedAt,
    };
  }

  async close(): Promise<void> {
    if (this.#db.open) this.#db.close();
  }
}
