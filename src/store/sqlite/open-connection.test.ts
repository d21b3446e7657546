import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { bundledFacts } from '../../../test/support/ledger-fixtures.js';
import { StargateError } from '../../errors.js';
import { sha256 } from '../../platform/sha256.js';
import { openLedgerFile } from './open-connection.js';
import { SqliteLedgerStore } from './sqlite-ledger-store.js';

const dir = mkdtempSync(join(tmpdir(), 'stargate-open-'));
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const JULY = { asOf: '2025-07-21', knownAt: '2025-07-22' };

/** A ledger holding the bundled scenario, and another connection that writes it in a rollback journal, as a bulk append does. */
async function ledgerBeingWritten(lock: 'IMMEDIATE' | 'EXCLUSIVE') {
  const path = join(dir, `ledger-${(n += 1)}.db`);
  const store = SqliteLedgerStore.open(path, { sha256 });
  await store.append(bundledFacts(), { recordedAt: '2025-07-22T00:00:00Z', recordedBy: 'test' });
  await store.close();
  const writer = new Database(path);
  writer.pragma('busy_timeout = 0');
  expect(writer.pragma('journal_mode = truncate', { simple: true })).toBe('truncate');
  writer.exec(`BEGIN ${lock}`);
  writer.exec(
    "INSERT INTO batches (recorded_at, recorded_by) VALUES ('2025-07-23T00:00:00Z', 'w')",
  );
  return { path, writer };
}

describe('opening a ledger that another connection is writing', () => {
  it('reads beside a bulk append, the ledger and the stores of runs alike', async () => {
    const { path, writer } = await ledgerBeingWritten('IMMEDIATE');
    try {
      const store = SqliteLedgerStore.open(path, { sha256, lockWaitMs: 200 });
      expect((await store.statesAt(JULY)).length).toBeGreaterThan(0);
      await store.close();
      // The stores of runs asked for WAL before setting a busy timeout: "database is locked" at once.
      for (const what of ['plan runs', 'risk runs'])
        openLedgerFile(path, { what, lockWaitMs: 200 }).close();
    } finally {
      writer.exec('ROLLBACK');
      writer.close();
    }
  });

  it('names a lock held past the wait, and changes nothing', async () => {
    const { path, writer } = await ledgerBeingWritten('EXCLUSIVE');
    const opening = [
      () => SqliteLedgerStore.open(path, { sha256, lockWaitMs: 100 }),
      () => openLedgerFile(path, { what: 'risk runs', lockWaitMs: 100 }),
    ];
    try {
      for (const open of opening) {
        let thrown: unknown;
        try {
          open();
        } catch (error) {
          thrown = error;
        }
        expect(thrown).toBeInstanceOf(StargateError);
        expect(thrown).toMatchObject({ code: 'storage' });
        expect((thrown as Error).message).toMatch(
          new RegExp(
            `^cannot open (the ledger|risk runs) at ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: another process has held the file locked for over 0\\.1 s .*try again when it is done$`,
          ),
        );
      }
    } finally {
      writer.exec('ROLLBACK');
      writer.close();
    }
    const store = SqliteLedgerStore.open(path, { sha256 });
    expect(await store.stats()).toMatchObject({ records: bundledFacts().length });
    expect(await store.checkDerived()).toEqual([]);
    await store.close();
  });
});
