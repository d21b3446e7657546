import type Database from 'better-sqlite3';

/**
 * For work that writes most of the file — a bulk append, a VACUUM — switch from WAL to a rollback
 * journal when this is the only connection to the file. WAL writes every new page twice (into the
 * log, then into the file at checkpoint) and its commit of a large transaction is slow here; a
 * rollback journal writes new pages once, into the file, and journals only the few existing pages
 * it changes. A transaction stays atomic (a crash leaves a hot journal that the next open rolls
 * back) and synchronous=FULL keeps it durable. The cost: a process that opens the ledger meanwhile
 * waits (up to its busy timeout) instead of reading the last commit as WAL allows. With another
 * connection open the switch fails at once (no busy wait): false, and nothing changed.
 */
export function enterRollbackJournal(db: Database.Database): boolean {
  return switchJournal(db, 'truncate', 'FULL');
}

/**
 * Back to WAL after `enterRollbackJournal`. A process that opened the file meanwhile reads it in the
 * rollback journal and keeps it from switching: then the file stays so until the next connection
 * that has it to itself opens it (`tryWal`). Never throws: the work before it is committed.
 */
export function leaveRollbackJournal(db: Database.Database): void {
  tryWal(db);
}

export function isWal(db: Database.Database): boolean {
  return db.pragma('journal_mode', { simple: true }) === 'wal';
}

/** Switch to WAL if no other connection is in the way, at once (no busy wait); whether it did. */
export function tryWal(db: Database.Database): boolean {
  return switchJournal(db, 'wal', 'NORMAL');
}

/** Switch the journal mode without waiting for other connections; on success, set `synchronous`. */
function switchJournal(
  db: Database.Database,
  mode: 'wal' | 'truncate',
  synchronous: 'NORMAL' | 'FULL',
): boolean {
  const timeout = db.pragma('busy_timeout', { simple: true }) as number;
  try {
    db.pragma('busy_timeout = 0');
    if (db.pragma(`journal_mode = ${mode}`, { simple: true }) !== mode) return false;
    db.pragma(`synchronous = ${synchronous}`);
    return true;
  } catch {
    return false;
  } finally {
    db.pragma(`busy_timeout = ${timeout}`);
  }
}
