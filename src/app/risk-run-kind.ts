import { z } from 'zod';
import { StargateError } from '../errors.js';
import { ViewDate } from '../model/view-date.js';
import type { RiskReference } from '../risk/reference.js';
import { parseRiskSetting } from '../risk/risk-overlay.js';
import type { RiskRun } from '../risk/risk-run.js';
import { keptOnce } from './kept-once.js';
import { RiskPool } from './risk-pool.js';
import type { RunKind } from './run-kind.js';
import { simulateRisk } from './simulate-risk.js';

export const RiskRunParams = z
  .object({
    asOf: ViewDate.optional().meta({
      description: 'Valid time V: the day the simulation starts (default today).',
    }),
    knownAt: ViewDate.optional().meta({ description: 'Known time K (default today).' }),
    program: z.string().min(1).optional(),
    // Bounded so that one request cannot hold the server's cores for hours.
    trials: z.number().int().min(1).max(1_000_000).default(20_000),
    seed: z.number().int().min(0).max(0xffffffff).default(1),
    tornadoTrials: z
      .number()
      .int()
      .min(0)
      .max(100_000)
      .default(5_000)
      .meta({ description: 'Trials per driver end of the sensitivity (0: none).' }),
    plan: z
      .number()
      .int()
      .min(1)
      .optional()
      .meta({ description: 'Add the builds and leases of this stored plan run.' }),
    set: z
      .array(z.string().regex(/^[^=\s][^=]*=/, 'expected key=value, e.g. decisions=none'))
      .max(100)
      .default([])
      .meta({ description: 'Overrides as `key=value`, as `stargate simulate --set`.' }),
  })
  .strict();
export type RiskRunParams = z.output<typeof RiskRunParams>;

export interface LoadedReference {
  file: string;
  sha256: string;
  data: RiskReference;
}

/**
 * `stargate simulate` as an API run, on `workers` threads, saved like the CLI's. The reference
 * data is read once, on the first run.
 */
export function riskRunKind(options: {
  loadReference: () => Promise<LoadedReference>;
  workers: number;
}): RunKind<RiskRunParams, RiskRun> {
  const reference = keptOnce(options.loadReference);
  return {
    kind: 'risk',
    summary:
      'Simulate the pipeline at (V, K) (as `stargate simulate`): P(met) per pledge, the MW fan by quarter and the tornado; stored.',
    params: RiskRunParams,
    async execute(params, context) {
      const at = { asOf: params.asOf ?? context.today, knownAt: params.knownAt ?? context.today };
      const settings = params.set.map((text, i) => parseRiskSetting(text, `params.set.${i}`));
      const loaded = await reference.get();
      let plan;
      if (params.plan !== undefined) {
        const run = await context.plans.get(params.plan);
        if (!run) throw new StargateError('not-found', `params.plan: no plan run ${params.plan}`);
        if (!run.plan)
          throw new StargateError(
            'invalid-input',
            `params.plan: plan run ${params.plan} has no plan (solver status ${run.solver.status})`,
          );
        plan = { id: params.plan, builds: run.plan.builds, leases: run.plan.leases };
      }
      const pool = RiskPool.start(options.workers);
      const stop = () => pool.stop();
      context.signal.addEventListener('abort', stop, { once: true });
      try {
        const run = await simulateRisk({
          store: context.store,
          at,
          program: params.program,
          reference: loaded,
          settings,
          seed: params.seed,
          trials: params.trials,
          tornadoTrials: params.tornadoTrials,
          plan,
          pool,
          sha256: context.sha256,
          createdAt: new Date().toISOString(),
          onProgress: (p) =>
            context.report(
              p.phase === 'trials'
                ? { done: p.done, total: p.total, message: `${p.done} / ${p.total} trials` }
                : {
                    done: p.done,
                    total: p.total,
                    message: `sensitivity: ${p.done} / ${p.total} driver ends`,
                  },
            ),
        });
        run.id = await context.risks.save(run);
        return run;
      } finally {
        context.signal.removeEventListener('abort', stop);
        await pool.close();
      }
    },
  };
}
