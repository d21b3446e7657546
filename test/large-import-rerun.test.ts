import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hugePagesEnv } from '../src/platform/huge-pages.js';
import { BIN, runStargate } from './support/cli.js';
import { FACILITIES, jobCountScenario } from './support/job-count-scenario.js';

const dir = mkdtempSync(join(tmpdir(), 'stargate-rerun-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const RERUN = 'large import: running again';
/** Every import counts as large. */
const ALWAYS = { STARGATE_HUGE_PAGES_FROM: '0' };
/** Without a kernel that gives huge pages on request (THP `madvise`) and glibc, nothing runs again. */
const canRerun = hugePagesEnv() !== undefined;

writeFileSync(join(dir, 'seed.json'), JSON.stringify(jobCountScenario(0)));
writeFileSync(
  join(dir, 'bad.json'),
  JSON.stringify({
    ...jobCountScenario(0),
    updates: [{ subject: 'nowhere', at: '2025-02-01', source: 's', set: { jobs: 1 } }],
  }),
);

const historyOf = (db: string) =>
  JSON.parse(
    runStargate(['--db', db, 'history', 'f0', '--json'], { cwd: dir }).stdout,
  ) as unknown[];

/** The pids whose parent is `pid`, from /proc. */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      try {
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        // Fields after the command name, which may hold spaces: state, then the parent's pid.
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe.skipIf(!canRerun)('a large import, run again with huge pages', () => {
  it('prints and exits as the import itself does, once', () => {
    const db = join(dir, 'once.db');
    const ok = runStargate(['--db', db, 'import', 'seed.json'], { cwd: dir, env: ALWAYS });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stderr.split(RERUN).length - 1).toBe(1);
    expect(ok.stdout.match(/added \d+ record\(s\)/g)).toEqual([
      `added ${2 + FACILITIES} record(s)`,
    ]);

    const bad = runStargate(['--db', db, 'import', 'bad.json'], { cwd: dir, env: ALWAYS });
    expect(bad.code).toBe(1);
    expect(bad.stderr.match(/unknown subject "nowhere"/g)).toHaveLength(1);
    expect(bad.stderr.match(/import refused/g)).toHaveLength(1);
    expect(historyOf(db)).toHaveLength(1);
  });

  it('is turned off by the user setting the tunable', () => {
    const db = join(dir, 'off.db');
    const run = runStargate(['--db', db, 'import', 'seed.json'], {
      cwd: dir,
      env: { ...ALWAYS, GLIBC_TUNABLES: 'glibc.malloc.hugetlb=0' },
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toContain(RERUN);
  });

  it('passes a signal on: the import stops and nothing is written', async () => {
    const db = join(dir, 'signal.db');
    expect(runStargate(['--db', db, 'import', 'seed.json'], { cwd: dir }).code).toBe(0);
    writeFileSync(
      join(dir, 'updates.json'),
      JSON.stringify(jobCountScenario(120_000, { firstDay: 1, withSubjects: false })),
    );
    const parent = spawn(process.execPath, [BIN, '--db', db, 'import', 'updates.json'], {
      cwd: dir,
      env: { ...process.env, ...ALWAYS },
    });
    const ended = new Promise<NodeJS.Signals | null>((resolve) =>
      parent.on('exit', (_code, signal) => resolve(signal)),
    );
    // Once the child has checked the facts and is writing, stop the parent.
    let stderr = '';
    await new Promise<void>((resolve) =>
      parent.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes('writing')) resolve();
      }),
    );
    const children = childrenOf(parent.pid as number);
    expect(children).toHaveLength(1);
    parent.kill('SIGTERM');
    expect(await ended).toBe('SIGTERM');
    for (let waited = 0; alive(children[0] as number) && waited < 10_000; waited += 50)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(alive(children[0] as number)).toBe(false);
    expect(historyOf(db)).toHaveLength(1);
    expect(runStargate(['--db', db, 'verify'], { cwd: dir }).code).toBe(0);
  }, 60_000);
});
