import type Database from 'better-sqlite3';

/**
 * Versioned schema, tracked in `PRAGMA user_version`. Append new steps; never edit a shipped one.
 *
 * `records` is the ledger itself: append-only and hash-chained, each row the canonical JSON of one
 * fact (whose SHA-256 is its fact key), its chain hash, and the batch (import) that recorded it.
 * Everything else is derived from it in the same transaction, for speed:
 * - `subjects`: one row per id (kind, creating record, its valid and known time and fact key);
 * - `cells`: one row per field an update sets, clustered by (subject, field, valid, known, tie), so
 *   that the state at (V, K) is one backwards index seek per (subject, field) — the fold done by the
 *   B-tree — and a repeated update is found by its key (idempotence without a fact-key index);
 * - `subject_fields`: the (subject, field) pairs that have cells, each with a copy of its LATEST cell
 *   (greatest key): when that cell is visible at (V, K) it is the answer, with no seek — the common
 *   case of "as of today, as known today".
 * Cells are kept narrow (valid_text only when it differs from valid; assumption and confidence packed
 * in `flags`): the as-of query reads one per (subject, field), and narrow rows mean fewer pages.
 * Columns are text, not blobs: better-sqlite3 binds strings several times faster than Buffers.
 */
export const MIGRATIONS: readonly string[] = [
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
];

export function migrate(db: Database.Database): { from: number; to: number } {
  const from = db.pragma('user_version', { simple: true }) as number;
  if (from > MIGRATIONS.length) {
    throw new Error(
      `database schema version ${from} is newer than this stargate (${MIGRATIONS.length}); upgrade stargate`,
    );
  }
  for (let version = from; version < MIGRATIONS.length; version += 1) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version] as string);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
  return { from, to: MIGRATIONS.length };
}
