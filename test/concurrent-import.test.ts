import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, runStargate } from './support/cli.js';
import { FACILITIES, jobCountScenario } from './support/job-count-scenario.js';

const dir = mkdtempSync(join(tmpdir(), 'stargate-concurrent-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const UPDATES = 120_000;
const seed = jobCountScenario(0);
/** Job counts of every facility, one a day each: ≥ 50,000 facts (a bulk append), ≥ 4 MB of JSON. */
const updates = jobCountScenario(UPDATES, { firstDay: 1, withSubjects: false });

/** `stargate history f0 --json` in another process: how it ended and how many records it listed. */
function readHistory(db: string) {
  const read = spawnSync(process.execPath, [BIN, '--db', db, 'history', 'f0', '--json'], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 60_000,
    // Thousands of records: more than spawnSync's default 1 MiB of output.
    maxBuffer: 1 << 28,
  });
  return {
    code: read.status,
    signal: read.signal,
    records: read.status === 0 ? (JSON.parse(read.stdout) as unknown[]).length : undefined,
    stderr: `${read.stderr}${read.error?.message ?? ''}`,
  };
}

describe('an import while other processes read', () => {
  it('shows every reader the ledger before the import or after it, never part of it', async () => {
    const db = join(dir, 'ledger.db');
    writeFileSync(join(dir, 'seed.json'), JSON.stringify(seed));
    writeFileSync(join(dir, 'updates.json'), JSON.stringify(updates));
    expect(runStargate(['--db', db, 'import', 'seed.json'], { cwd: dir }).code).toBe(0);

    const importer = spawn(process.execPath, [BIN, '--db', db, 'import', 'updates.json'], {
      cwd: dir,
    });
    let importOutput = '';
    importer.stderr.on('data', (chunk: Buffer) => (importOutput += chunk.toString()));
    const done = new Promise<number | null>((resolve) => importer.on('exit', resolve));
    let finished = false;
    void done.then(() => (finished = true));

    // Read one facility's history again and again in other processes until the import ends.
    const reads: ReturnType<typeof readHistory>[] = [];
    while (!finished) {
      reads.push(readHistory(db));
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await done, importOutput).toBe(0);

    const after = 1 + UPDATES / FACILITIES;
    // Every read succeeded and saw all of the import or none of it.
    expect(reads.filter((r) => r.code !== 0)).toEqual([]);
    expect(reads.filter((r) => r.records !== 1 && r.records !== after)).toEqual([]);
    // The test means something only if reads overlapped the import.
    expect(reads.length).toBeGreaterThan(1);
    expect(runStargate(['--db', db, 'verify'], { cwd: dir }).code).toBe(0);
    expect(readHistory(db)).toMatchObject({ code: 0, records: after });
  }, 120_000);
});
