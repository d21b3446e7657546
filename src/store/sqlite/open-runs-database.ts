import Database from 'better-sqlite3';
import { StargateError } from '../../errors.js';
import { migrate } from './migrations.js';

/**
 * The ledger file opened for a store of runs (plan or risk): WAL like the ledger, a busy timeout so
 * a run can be saved while another process reads, and migrated to the current schema.
 */
export function openRunsDatabase(path: string, what: string): Database.Database {
  try {
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    migrate(db);
    return db;
  } catch (cause) {
    throw new StargateError(
      'storage',
      `cannot open ${what} in ${path}: ${(cause as Error).message}`,
      {
        cause,
      },
    );
  }
}
