/**
 * Risk benchmark (issue 5): `npm run bench -- risk [--trials 1000000] [--facilities 200]
 * [--baseline-trials 5000] [--seed 1]`. A seeded synthetic pipeline (200 facilities, 7 stages, all
 * shocks on): the typed-array kernel on one thread and on two worker threads over the same trials
 * (their results must be identical), and the straightforward object-per-trial implementation in
 * bench/risk-baseline.ts on fewer trials. Prints trials/s and stage-samples/s.
 */
import { cpus } from 'node:os';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { readScenarioFile } from '../src/app/scenario-file.js';
import { RiskPool } from '../src/app/risk-pool.js';
import { decisionRegister } from '../src/governance/decision-register.js';
import { foldRecords } from '../src/ledger/fold.js';
import { planFacts } from '../src/ledger/plan-facts.js';
import { sha256 } from '../src/platform/sha256.js';
import { compilePipeline } from '../src/risk/pipeline.js';
import { RiskReference } from '../src/risk/reference.js';
import { summarize } from '../src/risk/summarize.js';
import { baselineRun } from './risk-baseline.js';
import { syntheticScenario } from './risk-pipeline.js';

function arg(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  const n = i >= 0 ? Number(args[i + 1]) : fallback;
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name}: expected a whole number ≥ 1`);
  return n;
}

export async function runRiskBench(args: string[]): Promise<void> {
  const trials = arg(args, 'trials', 1_000_000);
  const facilities = arg(args, 'facilities', 200);
  const baselineTrials = arg(args, 'baseline-trials', 5000);
  const seed = arg(args, 'seed', 1);
  const reference = RiskReference.parse(
    parse(readFileSync(new URL('../scenarios/risk-reference.yaml', import.meta.url), 'utf8')),
  );
  const read = readScenarioFile('synthetic.yaml', syntheticScenario(facilities, seed));
  if (!read.ok) throw new Error(read.issues.map((i) => i.message).join('; '));
  const plan = planFacts({
    documents: [{ file: 'synthetic.yaml', scenario: read.scenario }],
    existing: new Map(),
    sha256,
  });
  if (!plan.ok) throw new Error(plan.issues.map((i) => i.message).join('; '));
  const at = { asOf: '2025-07-01', knownAt: '2025-07-01' };
  const states = [
    ...foldRecords(
      plan.facts.map((f, i) => ({ ...f, seq: i + 1 })),
      at,
    ).values(),
  ];
  const register = decisionRegister({ states, at, program: 'p', policy: 'venture' });
  const compiled = compilePipeline({ states, asOf: at.asOf, program: 'p', reference, register });
  const samplesPerTrial = compiled.model.nItems * 7;
  console.log(
    `risk benchmark: ${compiled.model.nItems} facilities × 7 stages, ${compiled.evaluations.length} pledge×policy evaluations, ${compiled.gates.length} open decisions, all shocks on`,
  );
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}`);

  const rate = (n: number, ms: number) => {
    const perS = n / (ms / 1000);
    return `${(ms / 1000).toFixed(2)} s · ${Math.round(perS).toLocaleString('en-US')} trials/s · ${((perS * samplesPerTrial) / 1e6).toFixed(1)} M stage-samples/s`;
  };

  const measure = async (workers: number) => {
    const pool = RiskPool.start(workers);
    try {
      // Warm the workers (thread start, module load) before timing, as a server's pool would be.
      const cold = performance.now();
      await pool.run({ model: compiled.model, seed, trials: Math.min(trials, 2000) });
      const coldMs = performance.now() - cold;
      if (workers > 1)
        console.log(
          `  ${workers} workers: start and first 2,000 trials took ${(coldMs / 1000).toFixed(2)} s (cold)`,
        );
      const t = performance.now();
      const acc = await pool.run({
        model: compiled.model,
        seed,
        trials,
        onProgress: (p) => {
          if (p.done === p.total || p.done % Math.max(1, Math.floor(trials / 4)) < 50_000)
            process.stderr.write(
              `  ${workers} worker(s): ${p.done.toLocaleString('en-US')} / ${p.total.toLocaleString('en-US')}\r`,
            );
        },
      });
      const ms = performance.now() - t;
      process.stderr.write('\n');
      return { acc, ms };
    } finally {
      await pool.close();
    }
  };

  const one = await measure(1);
  console.log(
    `kernel, 1 thread:   ${trials.toLocaleString('en-US')} trials in ${rate(trials, one.ms)}`,
  );
  const two = await measure(2);
  console.log(
    `kernel, 2 workers:  ${trials.toLocaleString('en-US')} trials in ${rate(trials, two.ms)}`,
  );
  const same =
    JSON.stringify(summarize(compiled, one.acc)) === JSON.stringify(summarize(compiled, two.acc));
  console.log(`  identical results on 1 and 2 workers: ${same ? 'yes' : 'NO'}`);
  console.log(`  speed-up from 2 workers: ${(one.ms / two.ms).toFixed(2)}×`);

  const t = performance.now();
  const baselineP = baselineRun(compiled, reference, baselineTrials);
  const baseMs = performance.now() - t;
  console.log(
    `baseline (objects): ${baselineTrials.toLocaleString('en-US')} trials in ${rate(baselineTrials, baseMs)}`,
  );
  const kernelRate = trials / one.ms;
  const baseRate = baselineTrials / baseMs;
  console.log(
    `  kernel (1 thread) vs baseline: ${(kernelRate / baseRate).toFixed(1)}× the trials/s`,
  );
  const s = summarize(compiled, one.acc);
  console.log(
    `  sanity, P(met by deadline) kernel vs baseline: ${s.pledges.map((p, k) => `${p.pledge}/${p.policy} ${p.pMet.toFixed(3)} vs ${(baselineP[k] ?? 0).toFixed(3)}`).join('; ')}`,
  );
}
