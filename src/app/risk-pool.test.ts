import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { asRecords, BUNDLED_SCENARIO, bundledFacts } from '../../test/support/ledger-fixtures.js';
import { decisionRegister } from '../governance/decision-register.js';
import { foldRecords } from '../ledger/fold.js';
import { compilePipeline } from '../risk/pipeline.js';
import { RiskReference } from '../risk/reference.js';
import { RiskPool } from './risk-pool.js';

const REFERENCE = RiskReference.parse(
  parse(readFileSync(BUNDLED_SCENARIO.replace('stargate.yaml', 'risk-reference.yaml'), 'utf8')),
);

describe('RiskPool', () => {
  it('gives the same result bit for bit on one thread and on two worker threads', async () => {
    const at = { asOf: '2025-07-21', knownAt: '2025-07-22' };
    const states = [...foldRecords(asRecords(bundledFacts()), at).values()];
    const register = decisionRegister({ states, at, program: 'stargate', policy: 'venture' });
    const { model } = compilePipeline({
      states,
      asOf: at.asOf,
      program: 'stargate',
      reference: REFERENCE,
      register,
    });
    const one = RiskPool.start(1);
    const two = RiskPool.start(2);
    try {
      const progress: number[] = [];
      const a = await one.run({ model, seed: 5, trials: 12_345 });
      const b = await two.run({
        model,
        seed: 5,
        trials: 12_345,
        onProgress: (p) => progress.push(p.done),
      });
      expect(b).toEqual(a);
      expect(a.trials).toBe(12_345);
      expect(progress.at(-1)).toBe(12_345);
      expect(progress.length).toBeGreaterThan(1);
    } finally {
      await one.close();
      await two.close();
    }
  });

  it('stops when asked, with an interrupted error and no result', async () => {
    const at = { asOf: '2025-07-21', knownAt: '2025-07-22' };
    const states = [...foldRecords(asRecords(bundledFacts()), at).values()];
    const { model } = compilePipeline({
      states,
      asOf: at.asOf,
      program: 'stargate',
      reference: REFERENCE,
      register: undefined,
    });
    const pool = RiskPool.start(2);
    const running = pool.run({ model, seed: 1, trials: 5_000_000 });
    setTimeout(() => pool.stop(), 200);
    await expect(running).rejects.toMatchObject({ code: 'interrupted' });
    await pool.close();
  });
});
