import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, runStargate } from './support/cli.js';
import { BUNDLED_SCENARIO } from './support/ledger-fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'stargate-locked-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Longer than the 5 s readers used to wait before failing with "database is locked". */
const HOLD_MS = 6_500;

/**
 * Another process that holds the ledger locked as a bulk append does while it commits (a rollback
 * journal, an exclusive lock) for HOLD_MS, then lets go without writing.
 */
const HOLDER = `
const Database = require(process.argv[1]);
const db = new Database(process.argv[2]);
db.pragma('busy_timeout = 0');
db.pragma('journal_mode = truncate');
db.exec('BEGIN EXCLUSIVE');
db.exec("INSERT INTO batches (recorded_at, recorded_by) VALUES ('2025-07-23T00:00:00Z', 'holder')");
process.stdout.write('locked\\n');
Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(process.argv[3]));
db.exec('ROLLBACK');
db.close();
`;

/** Run `stargate ARGS` without blocking the test's event loop: exit code, output and time taken. */
function stargateAsync(args: string[]) {
  const started = performance.now();
  const child = spawn(process.execPath, [BIN, ...args], { cwd: dir });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise<{ code: number | null; stdout: string; stderr: string; ms: number }>(
    (resolve) =>
      child.on('exit', (code) =>
        resolve({ code, stdout, stderr, ms: performance.now() - started }),
      ),
  );
}

describe('a ledger another process holds locked', () => {
  it('is read once the lock is released, by the ledger and the stores of runs alike', async () => {
    const db = join(dir, 'ledger.db');
    expect(runStargate(['--db', db, 'import', BUNDLED_SCENARIO], { cwd: dir }).code).toBe(0);
    const betterSqlite3 = createRequire(import.meta.url).resolve('better-sqlite3');
    const holder = spawn(process.execPath, ['-e', HOLDER, betterSqlite3, db, String(HOLD_MS)]);
    let holderErr = '';
    holder.stderr.on('data', (chunk: Buffer) => (holderErr += chunk.toString()));
    const held = await new Promise<boolean>((resolve) => {
      holder.stdout.on('data', () => resolve(true));
      holder.on('exit', () => resolve(false));
    });
    expect(held, holderErr).toBe(true);

    const [status, runs] = await Promise.all([
      stargateAsync([
        '--db',
        db,
        'status',
        '--as-of',
        '2025-07-21',
        '--known-at',
        '2025-07-22',
        '--json',
      ]),
      stargateAsync(['--db', db, 'simulate', '--runs', '--json']),
    ]);
    for (const run of [status, runs]) {
      expect(run.code, run.stderr).toBe(0);
      // It waited for the lock, past the old 5 s limit, instead of failing.
      expect(run.ms).toBeGreaterThan(5_000);
    }
    expect(JSON.parse(status.stdout)).toMatchObject({ asOf: '2025-07-21' });
  }, 60_000);
});
