import Database from 'better-sqlite3';
import { StargateError } from '../../errors.js';
import { migrate } from './migrations.js';
import { isWal, tryWal } from './rollback-journal.js';

/**
 * How long a connection waits for another process's lock before it gives up. A bulk append holds
 * the file while it spills its page cache and commits (see rollback-journal.ts): a 2M-record import
 * held it for about 10 s on the bench machine, and a `status` opened meanwhile failed after the 5 s
 * this used to be. A minute covers imports of several million records; a lock held longer is
 * reported as such (`openLedgerFile`), not as SQLite's bare "database is locked".
 */
export const LOCK_WAIT_MS = 60_000;

/**
 * Open (creating if needed) and migrate the ledger file, for the ledger or a store of plan or risk
 * runs, which share it. The busy timeout is set first, so that every step after it waits for
 * another process's lock instead of failing. Then WAL, unless another process is in the middle of a
 * bulk append in a rollback journal: switching needs the file to itself, so this connection reads
 * in the rollback journal meanwhile, and WAL comes back when that append ends or at the next open.
 * NORMAL is durable enough in WAL only; a rollback journal needs FULL. `pragmas` tune the
 * connection before it migrates. Any failure closes it and is a 'storage' error naming `what`.
 */
export function openLedgerFile(
  path: string,
  options: { what: string; lockWaitMs?: number | undefined; pragmas?: readonly string[] },
): Database.Database {
  const { what, lockWaitMs = LOCK_WAIT_MS, pragmas = [] } = options;
  let db: Database.Database | undefined;
  try {
    db = new Database(path);
    db.pragma(`busy_timeout = ${lockWaitMs}`);
    db.pragma(isWal(db) || tryWal(db) ? 'synchronous = NORMAL' : 'synchronous = FULL');
    for (const pragma of pragmas) db.pragma(pragma);
    migrate(db);
    return db;
  } catch (cause) {
    db?.close();
    // A lock held past the wait says so plainly, not as SQLite's bare "database is locked".
    const reason =
      (cause as { code?: unknown }).code === 'SQLITE_BUSY'
        ? `another process has held the file locked for over ${lockWaitMs / 1000} s (a large import holds it while it commits); try again when it is done`
        : (cause as Error).message;
    throw new StargateError('storage', `cannot open ${what} at ${path}: ${reason}`, { cause });
  }
}
