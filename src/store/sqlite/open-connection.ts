import Database from 'better-sqlite3';
import { StargateError } from '../../errors.js';
import { isWal, tryWal } from './rollback-journal.js';

/**
 * How long a connection waits for another process's lock before it gives up. A bulk append holds
 * the file while it spills its page cache and commits (see rollback-journal.ts): a 2M-record import
 * held it for about 10 s on the bench machine, and a `status` opened meanwhile failed after the 5 s
 * this used to be. A minute covers imports of several million records; a lock held longer is
 * reported as such (`openFailure`), not as SQLite's bare "database is locked".
 */
export const LOCK_WAIT_MS = 60_000;

/**
 * Open (creating if needed) the ledger file. The busy timeout is set first, so that every step after
 * it waits for another process's lock instead of failing. Then WAL, unless another process is in
 * the middle of a bulk append in a rollback journal: switching needs the file to itself, so this
 * connection reads in the rollback journal meanwhile, and WAL comes back when that append ends or
 * at the next open. NORMAL is durable enough in WAL only; a rollback journal needs FULL. The ledger
 * and the stores of plan and risk runs, which share its file, all open it this way.
 */
export function openConnection(path: string, lockWaitMs = LOCK_WAIT_MS): Database.Database {
  const db = new Database(path);
  try {
    db.pragma(`busy_timeout = ${lockWaitMs}`);
    db.pragma(isWal(db) || tryWal(db) ? 'synchronous = NORMAL' : 'synchronous = FULL');
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** The error for `what` that could not be opened at `path`: a lock held too long says so plainly. */
export function openFailure(
  cause: unknown,
  at: { what: string; path: string; lockWaitMs?: number | undefined },
): StargateError {
  const { what, path, lockWaitMs = LOCK_WAIT_MS } = at;
  const reason =
    (cause as { code?: unknown }).code === 'SQLITE_BUSY'
      ? `another process has held the file locked for over ${lockWaitMs / 1000} s (a large import holds it while it commits); try again when it is done`
      : (cause as Error).message;
  return new StargateError('storage', `cannot open ${what} at ${path}: ${reason}`, { cause });
}
