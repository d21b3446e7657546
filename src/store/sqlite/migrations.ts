import type Database from 'better-sqlite3';
import { recordBlocksFromRows } from './record-blocks-from-rows.js';
import { enterRollbackJournal, leaveRollbackJournal } from './rollback-journal.js';
import { timelinesFromCells } from './timelines-from-cells.js';

/**
 * Versioned schema, tracked in `PRAGMA user_version`. Append new steps; never edit a shipped one. A
 * step is SQL, or a function for a step SQL alone cannot do (v4 encodes rows in JavaScript); each
 * runs in its own transaction.
 *
 * The records are the ledger itself: append-only and hash-chained, each the canonical JSON of one
 * fact (whose SHA-256 is its fact key), its chain hash, and the batch (import) that recorded it.
 * v1–v4 kept one `records` row per record; since v5 `record_blocks` holds up to 64 consecutive
 * records of one batch per row (`record-blocks.ts`). Everything else is derived from them in the
 * same transaction, for speed. Since v4:
 * - `subjects`: one row per id (kind, creating record, its valid and known time and fact key);
 * - `timelines`: every cell of a subject — its create's header (basis) and fields, and each field
 *   an update sets — one row per chunk, rowid sid × 65,536 + chunk: a BLOB of fixed-width entries
 *   sorted by (field, valid, known, tie) and the values' JSON in one TEXT (layout in
 *   `timeline-chunk.ts`). The state at (V, K) reads one row per subject (more for a subject with
 *   over CHUNK_CELLS cells), no record, and finds each field's greatest visible cell by walking
 *   integers back from the end of its run; a repeated update is found by a binary search of its
 *   subject's chunks (idempotence without a fact-key index). A subject's cells go into its last
 *   chunk until it is full, so an append rewrites at most one bounded row per subject it touches;
 * - `names`: the field names, sources and valid texts timeline entries refer to by code.
 * v1–v3 kept one `cells` row per update cell (clustered on (subject, field, valid, known, tie)), a
 * copy of each field's latest cell in `subject_fields`, and read creates from `records`; v4
 * converts them (`timelinesFromCells`) and drops both tables.
 * Text columns are bound as strings (better-sqlite3 binds them several times faster than Buffers);
 * the BLOBs — `timelines.cells`, a block's keys and hashes — are bound once per chunk or block.
 */
export type Migration = string | ((db: Database.Database) => void);

export const MIGRATIONS: readonly Migration[] = [
  `CREATE TABLE batches (
     id INTEGER PRIMARY KEY,
     recorded_at TEXT NOT NULL,
     recorded_by TEXT NOT NULL
   );
   CREATE TABLE records (
     seq INTEGER PRIMARY KEY,
     batch INTEGER NOT NULL,
     fact TEXT NOT NULL,
     fact_key TEXT NOT NULL,
     hash TEXT NOT NULL
   );
   CREATE TABLE subjects (
     sid INTEGER PRIMARY KEY,
     subject TEXT NOT NULL UNIQUE,
     kind TEXT NOT NULL,
     create_seq INTEGER NOT NULL,
     valid TEXT NOT NULL,
     known TEXT NOT NULL,
     fact_key TEXT NOT NULL
   );
   CREATE TABLE cells (
     sid INTEGER NOT NULL,
     field TEXT NOT NULL,
     valid TEXT NOT NULL,
     known TEXT NOT NULL,
     tie TEXT NOT NULL,
     seq INTEGER NOT NULL,
     source TEXT NOT NULL,
     valid_text TEXT,
     flags INTEGER NOT NULL,
     value TEXT NOT NULL,
     PRIMARY KEY (sid, field, valid, known, tie)
   ) WITHOUT ROWID;
   CREATE TABLE subject_fields (
     sid INTEGER NOT NULL,
     field TEXT NOT NULL,
     valid TEXT NOT NULL,
     known TEXT NOT NULL,
     tie TEXT NOT NULL,
     seq INTEGER NOT NULL,
     source TEXT NOT NULL,
     valid_text TEXT,
     flags INTEGER NOT NULL,
     value TEXT NOT NULL,
     PRIMARY KEY (sid, field)
   ) WITHOUT ROWID;`,
  // v2 (issue 4): planner runs, each with the hash of its resolved inputs and solver options, and
  // the inputs themselves, so a run can be reproduced and two runs compared. Not part of the ledger:
  // a run is a view computed from it, kept for the record.
  `CREATE TABLE plan_runs (
     id INTEGER PRIMARY KEY,
     created_at TEXT NOT NULL,
     program TEXT NOT NULL,
     scenario TEXT NOT NULL,
     as_of TEXT NOT NULL,
     known_at TEXT NOT NULL,
     inputs_hash TEXT NOT NULL,
     status TEXT NOT NULL,
     inputs TEXT NOT NULL,
     run TEXT NOT NULL
   );
   CREATE INDEX plan_runs_by_hash ON plan_runs (inputs_hash);`,
  // v3 (issue 5): risk runs, with the hash of their inputs and of their result, so that a run can be
  // reproduced from its seed and checked bit for bit. Like plan runs, a view kept for the record.
  `CREATE TABLE risk_runs (
     id INTEGER PRIMARY KEY,
     created_at TEXT NOT NULL,
     program TEXT NOT NULL,
     as_of TEXT NOT NULL,
     known_at TEXT NOT NULL,
     seed INTEGER NOT NULL,
     trials INTEGER NOT NULL,
     inputs_hash TEXT NOT NULL,
     result_hash TEXT NOT NULL,
     run TEXT NOT NULL
   );
   CREATE INDEX risk_runs_by_hash ON risk_runs (inputs_hash);`,
  // v4: per-subject timelines replace `cells` and `subject_fields` (see above): a status read ten
  // thousand rows instead of seeking sixty thousand times, and an import writes one row per subject
  // instead of one per cell plus an upsert per field.
  timelinesFromCells,
  // v5: records in blocks of up to 64 (see record-blocks.ts): an import writes one row per 64
  // records, and keys and hashes as bytes instead of hex.
  recordBlocksFromRows,
];

export function migrate(db: Database.Database): { from: number; to: number } {
  const version = () => db.pragma('user_version', { simple: true }) as number;
  const newer = (found: number) =>
    new Error(
      `database schema version ${found} is newer than this stargate (${MIGRATIONS.length}); upgrade stargate`,
    );
  const from = version();
  if (from > MIGRATIONS.length) throw newer(from);
  // Current already (the usual open): no write lock, so opening to read does not wait for another
  // process's import. A version only grows, so reading it without the lock cannot miss a step.
  if (from === MIGRATIONS.length) return { from, to: from };
  // Each step runs under the write lock (BEGIN IMMEDIATE) and reads the version again inside it:
  // two processes opening an old ledger at once (the server and a CLI command) would otherwise both
  // run the same step, and the second fail on a table the first had made. The one that waits finds
  // the step done and goes on. v4 takes several seconds on a large ledger, so the wait for another
  // process's step is allowed a minute rather than the connection's usual busy timeout.
  const timeout = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma(`busy_timeout = ${Math.max(timeout, MIGRATION_WAIT_MS)}`);
  try {
    for (;;) {
      const done = db
        .transaction(() => {
          const at = version();
          if (at > MIGRATIONS.length) throw newer(at);
          if (at === MIGRATIONS.length) return true;
          const step = MIGRATIONS[at] as Migration;
          if (typeof step === 'string') db.exec(step);
          else step(db);
          db.pragma(`user_version = ${at + 1}`);
          return false;
        })
        .immediate();
      if (done) {
        if (from > 0 && from < MIGRATIONS.length) reclaimFreePages(db);
        return { from, to: MIGRATIONS.length };
      }
    }
  } finally {
    db.pragma(`busy_timeout = ${timeout}`);
  }
}

/** How long opening a ledger waits for another process's migration step. */
const MIGRATION_WAIT_MS = 60_000;

/**
 * v4 and v5 each drop a table as large as the ledger (v3's cells, v4's records): the file keeps
 * those pages as free pages, and a migrated 1M-record ledger grew from 434 to 730 MB. So after
 * migrating an existing file with at least a quarter of its pages free, rewrite it (VACUUM; about
 * 3 s for a 1M-record ledger here) — only when this is the only connection to the file, since
 * VACUUM must write all of it; otherwise, or if it fails (a full disk), the free pages stay for
 * later appends to reuse and nothing is lost.
 */
function reclaimFreePages(db: Database.Database): void {
  const free = db.pragma('freelist_count', { simple: true }) as number;
  const pages = db.pragma('page_count', { simple: true }) as number;
  if (free * 4 < pages || !enterRollbackJournal(db)) return;
  try {
    db.exec('VACUUM');
  } catch {
    // Left as it was: a VACUUM that fails changes nothing.
  } finally {
    leaveRollbackJournal(db);
  }
}
