import type Database from 'better-sqlite3';
import { migrate } from './migrations.js';
import { openConnection, openFailure } from './open-connection.js';

/**
 * The ledger file opened for a store of runs (plan or risk): opened as the ledger is (see
 * open-connection.ts), so that a run can be listed or saved while another process reads or
 * imports, and migrated to the current schema.
 */
export function openRunsDatabase(
  path: string,
  what: string,
  lockWaitMs?: number,
): Database.Database {
  let db: Database.Database | undefined;
  try {
    db = openConnection(path, lockWaitMs);
    migrate(db);
    return db;
  } catch (cause) {
    db?.close();
    throw openFailure(cause, { what, path, lockWaitMs });
  }
}
