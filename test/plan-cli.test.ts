import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStargate } from './support/cli.js';

/** `stargate plan` on the built binary, with the bundled scenario and its planning inputs. */
const dir = mkdtempSync(join(tmpdir(), 'stargate-plan-'));
const db = join(dir, 'plan.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function stargate(args: string[]) {
  return runStargate(['--db', db, ...args], { cwd: dir });
}
const FAST = [
  '--no-binding',
  '--time-limit',
  '30',
  '--as-of',
  '2026-11-28',
  '--known-at',
  '2026-11-28',
];

beforeAll(() => {
  expect(stargate(['start', '--no-serve']).code).toBe(0);
});

describe('stargate plan', () => {
  it('prints a stable JSON plan that passes its own independent check, and stores the run', () => {
    const result = stargate(['plan', ...FAST, '--json']);
    expect(result.code).toBe(0);
    const run = JSON.parse(result.stdout);
    expect(run).toMatchObject({
      format: 'stargate-plan/v1',
      program: 'stargate',
      scenario: 'base',
    });
    expect(run.solver).toMatchObject({
      name: 'highs',
      status: 'optimal',
      options: { seed: 0, threads: 1 },
      // The HiGHS settings beyond the options are part of what reproduces the run.
      tuning: {
        mip_heuristic_run_shifting: true,
        'small_model.max_integer_columns': 8000,
        'small_model.mip_heuristic_run_root_reduced_cost': false,
      },
    });
    // HiGHS reports its hand-over (createModel) time, a part of the solve time, and the run keeps it.
    expect(run.solver.handOverSeconds).toBeGreaterThan(0);
    expect(run.solver.handOverSeconds).toBeLessThanOrEqual(run.solver.seconds);
    expect(run.years).toEqual([2026, 2027, 2028, 2029, 2030, 2031]);
    expect(run.plan.check).toEqual({ ok: true, violations: [] });
    expect(run.plan.capacity).toHaveLength(6);
    expect(run.inputsHash).toMatch(/^[0-9a-f]{64}$/);
    expect(typeof run.id).toBe('number');
    const runs = JSON.parse(stargate(['plan', '--runs', '--json']).stdout);
    expect(runs.map((r: { id: number }) => r.id)).toContain(run.id);
    // The same inputs and options hash the same: the run can be reproduced and compared.
    const again = JSON.parse(stargate(['plan', ...FAST, '--json', '--no-save']).stdout);
    expect(again.inputsHash).toBe(run.inputsHash);
    expect(again.plan.cost.totalUsd).toBeCloseTo(run.plan.cost.totalUsd, -3);
  });

  it('runs the shipped what-ifs: without partner leases it falls further short', () => {
    const base = JSON.parse(stargate(['plan', ...FAST, '--json', '--no-save']).stdout);
    const noLeases = JSON.parse(
      stargate(['plan', ...FAST, '--json', '--no-save', '--scenario', 'no-partner-leases']).stdout,
    );
    expect(noLeases.overlay).toEqual([
      { key: 'lease.oracle.max_mw', value: 0, from: 'no-partner-leases' },
    ]);
    expect(noLeases.plan.leases).toEqual([]);
    expect(noLeases.plan.shortfall.mwYears).toBeGreaterThan(base.plan.shortfall.mwYears);
    const investor = JSON.parse(
      stargate(['plan', ...FAST, '--json', '--no-save', '--scenario', 'softbank-investor-only'])
        .stdout,
    );
    const softbankSites = investor.plan.builds.filter((b: { candidate: string }) =>
      ['cand-milam-tx', 'cand-lordstown-oh'].includes(b.candidate),
    );
    expect(softbankSites).toEqual([]);
    const compared = stargate([
      'plan',
      ...FAST,
      '--no-save',
      '--compare',
      'base',
      'no-partner-leases',
    ]);
    expect(compared.code).toBe(0);
    expect(compared.stdout).toMatch(/base\s+no-partner-leases/);
  });

  it('ranks the binding limits by re-solving with each relaxed', () => {
    const run = JSON.parse(
      stargate(['plan', '--json', '--no-save', '--as-of', '2026-11-28', '--known-at', '2026-11-28'])
        .stdout,
    );
    expect(run.binding.method).toBe('relax-and-resolve');
    const gains = run.binding.limits.map((l: { objectiveGainUsd: number }) => l.objectiveGainUsd);
    expect(gains).toEqual([...gains].sort((a, b) => b - a));
    expect(run.binding.limits[0].objectiveGainUsd).toBeGreaterThan(0);
  });

  it('refuses bad input with an error naming the place, and writes nothing', () => {
    const unknown = stargate(['plan', ...FAST, '--set', 'lease.nobody.max_mw=0']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/lease\.nobody\.max_mw: names no lease offer or provider/);
    const decreasing = stargate(['plan', ...FAST, '--set', 'target.2029=1000']);
    expect(decreasing.code).toBe(1);
    expect(decreasing.stderr).toMatch(
      /target 2029: the target path decreases from 7500 MW in 2028 to 1000 MW/,
    );
    const negative = stargate(['plan', ...FAST, '--set', 'candidate.cand-west-tx.max_mw=-5']);
    expect(negative.code).toBe(1);
    expect(negative.stderr).toMatch(/cand-west-tx.*negative capacity/);
    const nonsense = stargate(['plan', ...FAST, '--set', 'weather.sunny=1']);
    expect(nonsense.code).toBe(1);
    expect(nonsense.stderr).toMatch(/weather\.sunny: names nothing/);
  });

  it('refuses capital committed by a party that is not a member', () => {
    const file = join(dir, 'coreweave-capital.yaml');
    writeFileSync(
      file,
      [
        'format: stargate/v1',
        'capital_commitments:',
        '  - { id: capital-coreweave, program: stargate, party: coreweave, usd_by_year: { 2027: 1000000000 }, source: ge-2025-07-22 }',
      ].join('\n'),
    );
    const other = join(dir, 'other.db');
    const run = (args: string[]) => runStargate(['--db', other, ...args], { cwd: dir });
    expect(run(['start', '--no-serve']).code).toBe(0);
    expect(run(['import', file]).code).toBe(0);
    const result = run(['plan', ...FAST]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /capital commitment "capital-coreweave": "coreweave" is not a member of program "stargate"/,
    );
  });

  it('says which inputs are missing when asked as known at a date before they were written', () => {
    const result = stargate([
      'plan',
      '--no-binding',
      '--as-of',
      '2025-07-21',
      '--known-at',
      '2025-07-22',
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/no plan settings for program "stargate" known at 2025-07-22/);
  });
});
