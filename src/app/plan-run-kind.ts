import { z } from 'zod';
import { canonicalJson } from '../ledger/canonical-json.js';
import { ATTRIBUTION_POLICIES } from '../metrics/attribution.js';
import { ViewDate } from '../model/view-date.js';
import type { MilpSolver } from '../planner/milp-solver.js';
import { parseOverlayArgument } from '../planner/plan-overlay.js';
import type { PlanRun } from '../planner/plan-run.js';
import { BASE_SCENARIO, planBuildOut } from './plan-build-out.js';
import { keptOnce } from './kept-once.js';
import type { RunKind } from './run-kind.js';

export const PlanRunParams = z
  .object({
    asOf: ViewDate.optional().meta({ description: 'Valid time V (default today).' }),
    knownAt: ViewDate.optional().meta({ description: 'Known time K (default today).' }),
    policy: z
      .enum(ATTRIBUTION_POLICIES)
      .default('venture')
      .meta({ description: 'Which existing capacity counts as given.' }),
    program: z.string().min(1).optional(),
    scenario: z
      .string()
      .min(1)
      .default(BASE_SCENARIO)
      .meta({ description: '`base`, or a shipped what-if (the plan_scenarios of the ledger).' }),
    set: z
      .array(z.string().regex(/^[^=\s][^=]*=/, 'expected key=value, e.g. lease.oracle.max_mw=0'))
      .max(100)
      .default([])
      .meta({ description: 'Overrides as `key=value`, as `stargate plan --set`.' }),
    timeLimitSeconds: z.number().positive().max(600).default(60),
    gap: z
      .number()
      .min(0)
      .lt(1)
      .default(1e-4)
      .meta({ description: 'Relative MIP gap to stop at.' }),
    seed: z.number().int().min(0).default(0),
    binding: z
      .boolean()
      .default(true)
      .meta({ description: 'Rank the binding limits (one re-solve per limit).' }),
  })
  .strict();
export type PlanRunParams = z.output<typeof PlanRunParams>;

/** A solver that can be let go of: the server keeps one warm between runs. */
export type ClosableSolver = MilpSolver & { close(): Promise<void> };

/**
 * `stargate plan` as an API run, saved like the CLI's so that the dashboard and `plan --runs` see
 * the same list. The solver is started on the first run and kept warm: compiling HiGHS costs
 * seconds that a second plan should not pay again.
 */
export function planRunKind(
  startSolver: () => Promise<ClosableSolver>,
): RunKind<PlanRunParams, PlanRun> & { close(): Promise<void> } {
  const solver = keptOnce(startSolver);
  return {
    kind: 'plan',
    summary:
      'Plan the build-out at (V, K) as a MILP (as `stargate plan`), store it, and return the plan.',
    params: PlanRunParams,
    async execute(params, context) {
      const at = { asOf: params.asOf ?? context.today, knownAt: params.knownAt ?? context.today };
      const overlay = params.set.map((text, i) => parseOverlayArgument(text, `params.set[${i}]`));
      context.report({ done: 0, total: null, message: 'starting the solver' });
      const warm = await solver.get();
      const run = await planBuildOut({
        store: context.store,
        at,
        policy: params.policy,
        program: params.program,
        scenario: params.scenario,
        overlay,
        solver: warm,
        solverOptions: {
          timeLimitSeconds: params.timeLimitSeconds,
          mipRelGap: params.gap,
          threads: 1,
          seed: params.seed,
        },
        binding: params.binding,
        sha256: context.sha256,
        createdAt: new Date().toISOString(),
        onPhase: (phase) => context.report({ done: 0, total: null, message: phase }),
        hooks: {
          signal: context.signal,
          onProgress: (p) =>
            context.report({
              done: 0,
              total: null,
              message: `solving: ${p.seconds.toFixed(0)} s${p.gap === undefined ? '' : `, gap ${(p.gap * 100).toFixed(2)}%`}`,
            }),
        },
      });
      run.id = await context.plans.save(
        run,
        JSON.parse(
          canonicalJson({ scenario: params.scenario, overlay, at, policy: params.policy }),
        ),
      );
      context.report({ done: 1, total: 1, message: `stored as plan run ${run.id}` });
      return run;
    },
    async close() {
      const started = solver.take();
      if (started) await (await started.catch(() => undefined))?.close();
    },
  };
}
