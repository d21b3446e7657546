import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStargate } from './support/cli.js';

/** `stargate simulate` on the built binary, on the bundled scenario as known in July 2025. */
const dir = mkdtempSync(join(tmpdir(), 'stargate-risk-'));
const db = join(dir, 'risk.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function stargate(args: string[]) {
  return runStargate(['--db', db, ...args], { cwd: dir });
}
const JULY = ['--as-of', '2025-07-21', '--known-at', '2025-07-22'];

interface Run {
  id: number;
  resultHash: string;
  inputsHash: string;
  summary: { pledges: { pledge: string; policy: string; pMet: number; attainable: number }[] };
  tornado: { pledge: string; bars: { driver: string }[] }[];
}

beforeAll(() => {
  expect(stargate(['start', '--no-serve']).code).toBe(0);
});

describe('stargate simulate', () => {
  it('answers from the data: the pipeline cannot reach 10 GW under either policy, nor Ohio in 2025', () => {
    const result = stargate([
      'simulate',
      ...JULY,
      '--trials',
      '4000',
      '--tornado-trials',
      '500',
      '--json',
    ]);
    expect(result.code).toBe(0);
    const run = JSON.parse(result.stdout) as Run;
    const p = (pledge: string, policy: string) =>
      run.summary.pledges.find((x) => x.pledge === pledge && x.policy === policy);
    expect(p('capacity-10gw', 'venture')).toMatchObject({ attainable: 0, pMet: 0 });
    expect(p('capacity-10gw', 'claimed')).toMatchObject({ attainable: 4500, pMet: 0 });
    expect(p('ohio-small-dc-2025', 'venture')?.pMet).toBe(0);
    expect(run.tornado[0]?.bars[0]?.driver).toBe('shock.governance');
    expect(run.id).toBeGreaterThan(0);
  });

  it('is reproducible from its seed whatever the number of workers, and lists stored runs', () => {
    const args = ['simulate', ...JULY, '--trials', '3000', '--tornado-trials', '0', '--json'];
    const a = JSON.parse(stargate([...args, '--workers', '1']).stdout) as Run;
    const b = JSON.parse(stargate([...args, '--workers', '2']).stdout) as Run;
    const c = JSON.parse(stargate([...args, '--seed', '2', '--no-save']).stdout) as Run;
    expect(b.resultHash).toBe(a.resultHash);
    expect(b.inputsHash).toBe(a.inputsHash);
    expect(c.resultHash).not.toBe(a.resultHash);
    expect(c.id).toBeNull();
    const list = stargate(['simulate', '--runs']);
    expect(list.stdout).toMatch(new RegExp(`^${b.id} .*3000 trials, seed 1`, 'm'));
  });

  it('refuses bad input with a clear message and the right exit code', () => {
    expect(stargate(['simulate', '--trials', '0'])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--trials/),
    });
    expect(stargate(['simulate', ...JULY, '--plan', '99'])).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/no plan run 99/),
    });
    expect(stargate(['simulate', ...JULY, '--set', 'shock.grid.strength=2'])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/shocks\.grid\.strength/),
    });
    expect(stargate(['simulate', ...JULY, '--set', 'stage.permits.min=30'])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/min 30 > mode 9/),
    });
  });
});
