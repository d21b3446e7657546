import type { ViewPoint } from '../ledger/subject-state.js';
import { canonicalJson } from '../ledger/canonical-json.js';
import type { Hasher } from '../ledger/hasher.js';
import { decisionRegister } from '../governance/decision-register.js';
import { StargateError } from '../errors.js';
import { compilePipeline, type PlanBuilds } from '../risk/pipeline.js';
import type { RiskReference } from '../risk/reference.js';
import { applyRiskSettings, type RiskSetting } from '../risk/risk-overlay.js';
import type { RiskRun } from '../risk/risk-run.js';
import { summarize } from '../risk/summarize.js';
import { driverVariants, rankTornado, type Tornado } from '../risk/tornado.js';
import type { LedgerStore } from '../store/ledger-store.js';
import type { PoolProgress, RiskPool } from './risk-pool.js';
import { resolveProgram } from './resolve-program.js';

export type SimulateProgress = PoolProgress & { phase: 'trials' | 'sensitivity' };

/**
 * A Monte Carlo run of a program's pipeline at (V, K): P(met) and met-date quantiles per pledge and
 * policy, online dates and criticality per facility, MW by quarter, and the sensitivity of each
 * reachable pledge to every driver. The trials run on the pool given (its size does not change the
 * result); the sensitivity re-runs `tornadoTrials` trials per driver end with the same seed, so the
 * ends differ only by the driver (common random numbers).
 */
export async function simulateRisk(options: {
  store: LedgerStore;
  at: ViewPoint;
  program?: string | undefined;
  reference: { file: string; sha256: string; data: RiskReference };
  settings: readonly RiskSetting[];
  seed: number;
  trials: number;
  tornadoTrials: number;
  plan?: PlanBuilds | undefined;
  pool: RiskPool;
  sha256: Hasher;
  createdAt: string;
  onProgress?: (p: SimulateProgress) => void;
}): Promise<RiskRun> {
  const { store, at, seed, trials, pool } = options;
  // Trial numbers seed 32-bit streams and histograms count in 32 bits.
  if (!Number.isInteger(trials) || trials < 1 || trials > 0xffffffff)
    throw new StargateError(
      'usage',
      `--trials: expected a whole number 1–4294967295, got ${trials}`,
    );
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)
    throw new StargateError('usage', `--seed: expected a whole number 0–4294967295, got ${seed}`);
  const started = performance.now();
  const states = await store.statesAt(at);
  const program = resolveProgram({ states, program: options.program, at });
  const register = decisionRegister({ states, at, program, policy: 'venture' });
  const open = new Set(
    (register?.decisions ?? []).filter((d) => d.status === 'open').map((d) => d.id),
  );
  const applied = applyRiskSettings({
    reference: options.reference.data,
    settings: options.settings,
    decisionIds: open,
  });
  if (!applied.ok) throw new StargateError('usage', applied.message);
  const { overlay } = applied;
  const compile = (reference: RiskReference) =>
    compilePipeline({
      states,
      asOf: at.asOf,
      program,
      reference,
      register: overlay.noDecisions ? undefined : register,
      plan: options.plan,
      resolves: overlay.resolves,
    });
  const compiled = compile(overlay.reference);
  const inputsHash = options.sha256(
    canonicalJson({
      format: 'stargate-risk/v1',
      asOf: at.asOf,
      knownAt: at.knownAt,
      program,
      items: compiled.items,
      evaluations: compiled.evaluations,
      gates: compiled.gates,
      reference: overlay.reference,
      plan: options.plan?.id ?? null,
    }),
  );

  const acc = await pool.run({
    model: compiled.model,
    seed,
    trials,
    onProgress: (p) => options.onProgress?.({ ...p, phase: 'trials' }),
  });
  const summary = summarize(compiled, acc);

  // Sensitivity, for the pledge/policy pairs the pipeline can reach at all.
  const reachable = compiled.evaluations
    .map((e, k) => ({ e, k }))
    .filter(({ e }) => e.attainable >= e.target);
  const tornado: Tornado[] = [];
  if (reachable.length > 0 && options.tornadoTrials > 0) {
    const n = Math.min(trials, options.tornadoTrials);
    const variants = driverVariants(overlay.reference);
    const baseSummary =
      n === trials
        ? summary
        : summarize(compiled, await pool.run({ model: compiled.model, seed, trials: n }));
    const ends: {
      k: number;
      driver: string;
      end: 'low' | 'high';
      value: number;
      pMet: number;
      p50: string | null;
    }[] = [];
    for (const [i, v] of variants.entries()) {
      const variant = compile(v.reference);
      const s = summarize(variant, await pool.run({ model: variant.model, seed, trials: n }));
      options.onProgress?.({
        phase: 'sensitivity',
        done: i + 1,
        total: variants.length,
        ms: Math.round(performance.now() - started),
      });
      for (const { k } of reachable) {
        const p = s.pledges[k];
        if (p)
          ends.push({
            k,
            driver: v.driver,
            end: v.end,
            value: v.value,
            pMet: p.pMet,
            p50: p.met.p50,
          });
      }
    }
    for (const { e, k } of reachable) {
      const base = baseSummary.pledges[k];
      tornado.push(
        rankTornado({
          pledge: e.pledge,
          policy: e.policy,
          trials: n,
          base: { pMet: base?.pMet ?? 0, p50: base?.met.p50 ?? null },
          ends: ends.filter((x) => x.k === k),
        }),
      );
    }
  }

  return {
    format: 'stargate-risk/v1',
    id: null,
    createdAt: options.createdAt,
    program,
    asOf: at.asOf,
    knownAt: at.knownAt,
    seed,
    trials,
    workers: pool.workers,
    seconds: Math.round(performance.now() - started) / 1000,
    stageSamples: trials * compiled.model.nItems * 7,
    inputsHash,
    resultHash: options.sha256(canonicalJson({ summary, tornado })),
    plan: options.plan?.id ?? null,
    settings: [...options.settings],
    reference: { file: options.reference.file, sha256: options.reference.sha256 },
    summary,
    tornado,
  };
}
