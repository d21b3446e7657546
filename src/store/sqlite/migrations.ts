import type Database from 'better-sqlite3';

/**
 * Versioned schema, tracked in `PRAGMA user_version`. Append new steps; never edit a shipped one.
 *
 * `records` is the ledger itself (append-only, hash-chained). The other tables are derived from it
 * for speed: `subjects` (one row per id: kind, creating record), and `cells`, one row per field an
 * update sets, clustered by (subject, field, valid, known, tie) so that the state at (V, K) is one
 * index seek per (subject, field) — the fold done by the B-tree.
 */
export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE records (
     seq INTEGER PRIMARY KEY,
     kind TEXT NOT NULL,
     subject TEXT NOT NULL,
     op TEXT NOT NULL CHECK (op IN ('create', 'update')),
     valid_text TEXT NOT NULL,
     valid TEXT NOT NULL,
     known TEXT NOT NULL,
     source TEXT NOT NULL,
     payload TEXT NOT NULL,
     note TEXT,
     assumption INTEGER NOT NULL,
     confidence TEXT NOT NULL,
     recorded_at TEXT NOT NULL,
     recorded_by TEXT NOT NULL,
     fact_key BLOB NOT NULL UNIQUE,
     hash BLOB NOT NULL
   );
   CREATE TABLE subjects (
     sid INTEGER PRIMARY KEY,
     subject TEXT NOT NULL UNIQUE,
     kind TEXT NOT NULL,
     create_seq INTEGER NOT NULL,
     valid TEXT NOT NULL,
     known TEXT NOT NULL
   );
   CREATE TABLE cells (
     sid INTEGER NOT NULL,
     field TEXT NOT NULL,
     valid TEXT NOT NULL,
     known TEXT NOT NULL,
     tie TEXT NOT NULL,
     seq INTEGER NOT NULL,
     cell TEXT NOT NULL,
     PRIMARY KEY (sid, field, valid, known, tie)
   ) WITHOUT ROWID;
   CREATE TABLE subject_fields (
     sid INTEGER NOT NULL,
     field TEXT NOT NULL,
     PRIMARY KEY (sid, field)
   ) WITHOUT ROWID;`,
];

export function migrate(db: Database.Database): { from: number; to: number } {
  const from = db.pragma('user_version', { simple: true }) as number;
  if (from > MIGRATIONS.length) {
    throw new Error(`database schema version ${from} is newer than this stargate (${MIGRATIONS.length}); upgrade stargate`);
  }
  for (let version = from; version < MIGRATIONS.length; version += 1) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version] as string);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
  return { from, to: MIGRATIONS.length };
}
