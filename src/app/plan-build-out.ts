import { StargateError } from '../errors.js';
import { canonicalJson } from '../ledger/canonical-json.js';
import type { Hasher } from '../ledger/hasher.js';
import type { ViewPoint } from '../ledger/subject-state.js';
import type { AttributionPolicy } from '../metrics/attribution.js';
import { limitRelaxations, RELAXATION } from '../planner/binding-limits.js';
import { evaluatePlan } from '../planner/evaluate-plan.js';
import { greedyPlan } from '../planner/greedy-plan.js';
import type { MilpSolver, SolveHooks, SolverOptions } from '../planner/milp-solver.js';
import { planBody } from '../planner/plan-body.js';
import { gateIndex, type PlanInstance } from '../planner/plan-instance.js';
import { planInputsFromStates } from '../planner/plan-inputs.js';
import {
  buildPlanModel,
  decisionsFromSolution,
  USD_PER_MODEL_UNIT,
} from '../planner/plan-model.js';
import { applyOverlay, type OverlayEntry } from '../planner/plan-overlay.js';
import type { BindingReport, PlanRun } from '../planner/plan-run.js';
import { validatePlanInstance } from '../planner/validate-plan-instance.js';
import type { LedgerStore } from '../store/ledger-store.js';

export const BASE_SCENARIO = 'base';

export interface PlanRequest {
  store: LedgerStore;
  at: ViewPoint;
  policy: AttributionPolicy;
  program?: string | undefined;
  /** `base` or the id of a shipped what-if (`plan_scenarios`). */
  scenario: string;
  overlay: readonly OverlayEntry[];
  solver: MilpSolver;
  solverOptions: SolverOptions;
  /** Measure the binding limits by re-solving with each relaxed (a solve per limit). */
  binding: boolean;
  sha256: Hasher;
  createdAt: string;
  hooks?: SolveHooks;
  /** Told when a phase starts, for a progress line. */
  onPhase?: (phase: string) => void;
}

/**
 * Plan the build-out at (V, K): read the inputs from the ledger, apply the what-if and overlay,
 * validate, build the MILP, solve it, re-evaluate the plan independently, compare with the greedy
 * heuristic and, on request, rank the binding limits. An infeasible or unbounded model comes back
 * as a run without a plan and with the solver's status.
 */
export async function planBuildOut(request: PlanRequest): Promise<PlanRun> {
  const states = await request.store.statesAt(request.at);
  const inputs = planInputsFromStates({
    states,
    at: request.at,
    policy: request.policy,
    program: request.program,
  });
  let scenarioTitle = 'Base case';
  const overlay: OverlayEntry[] = [];
  if (request.scenario !== BASE_SCENARIO) {
    const whatIf = inputs.scenarios.find((s) => s.id === request.scenario);
    if (!whatIf)
      throw new StargateError(
        'not-found',
        `no plan scenario "${request.scenario}" for program "${inputs.instance.program}" (known: ${[BASE_SCENARIO, ...inputs.scenarios.map((s) => s.id)].join(', ')})`,
      );
    scenarioTitle = whatIf.title;
    for (const [key, value] of Object.entries(whatIf.set))
      overlay.push({ key, value, from: whatIf.id });
  }
  overlay.push(...request.overlay);
  const instance = applyOverlay(inputs.instance, overlay);
  validatePlanInstance(instance);

  const inputsHash = request.sha256(
    canonicalJson({
      instance,
      solver: {
        name: request.solver.name,
        options: request.solverOptions,
        tuning: request.solver.tuning ?? {},
      },
    }),
  );
  request.onPhase?.('solving');
  const solved = await solveInstance(instance, request);
  const { solution, model, layout, buildMs } = solved;
  const gates = instance.decisions.map((gate) => ({
    ...gate,
    earliestYear: Math.max(
      ...instance.sites
        .filter((s) => gate.candidates.includes(s.id))
        .map((s) => (instance.years[0] as number) + gateIndex(instance, s)),
    ),
  }));
  const run: PlanRun = {
    format: 'stargate-plan/v1',
    id: null,
    createdAt: request.createdAt,
    program: instance.program,
    asOf: request.at.asOf,
    knownAt: request.at.knownAt,
    policy: request.policy,
    scenario: request.scenario,
    scenarioTitle,
    overlay: overlay.map((e) => ({ key: e.key, value: e.value, from: e.from })),
    inputsHash,
    years: instance.years,
    solver: {
      name: request.solver.name,
      version: request.solver.version,
      options: request.solverOptions,
      tuning: request.solver.tuning ?? {},
      status: solution.status,
      solverStatus: solution.solverStatus,
      objectiveUsd:
        solution.objective === undefined ? null : solution.objective * USD_PER_MODEL_UNIT,
      boundUsd: solution.bound === undefined ? null : solution.bound * USD_PER_MODEL_UNIT,
      gap: solution.gap ?? null,
      seconds: solution.seconds,
      modelBuildMs: buildMs,
      handOverSeconds: solution.handOverSeconds ?? null,
      variables: model.numCols,
      integerVariables: model.integrality.reduce((n, v) => n + (v === 0 ? 0 : 1), 0),
      constraints: model.numRows,
      nodes: solution.nodes ?? null,
    },
    gates,
    existing: inputs.existing,
    plan: null,
    binding: null,
  };
  if (!solution.colValue) return run;

  const decisions = decisionsFromSolution(instance, layout, solution.colValue);
  const evaluation = evaluatePlan(instance, decisions);
  const greedy = evaluatePlan(instance, greedyPlan(instance));
  run.plan = {
    ...planBody(instance, decisions, evaluation),
    greedy: { costUsd: greedy.cost.totalUsd, shortfallMwYears: greedy.shortfallMwYears },
  };
  if (request.binding) {
    request.onPhase?.('measuring binding limits');
    run.binding = await bindingLimits(instance, request, {
      objectiveUsd: evaluation.cost.totalUsd,
      shortfallMwYears: evaluation.shortfallMwYears,
    });
  }
  return run;
}

async function solveInstance(instance: PlanInstance, request: PlanRequest, hooks = request.hooks) {
  const started = performance.now();
  const { model, layout } = buildPlanModel(instance);
  const buildMs = performance.now() - started;
  const solution = await request.solver.solve(model, request.solverOptions, hooks);
  return { solution, model, layout, buildMs };
}

async function bindingLimits(
  instance: PlanInstance,
  request: PlanRequest,
  base: { objectiveUsd: number; shortfallMwYears: number },
): Promise<BindingReport> {
  const limits: BindingReport['limits'] = [];
  for (const relaxation of limitRelaxations(instance)) {
    if (request.hooks?.signal?.aborted) break;
    const relaxed = relaxation.relax(instance);
    const { solution, layout } = await solveInstance(relaxed, request, {
      ...(request.hooks?.signal ? { signal: request.hooks.signal } : {}),
    });
    if (!solution.colValue) {
      limits.push({
        limit: relaxation.limit,
        label: relaxation.label,
        objectiveGainUsd: 0,
        shortfallReductionMwYears: 0,
        status: solution.status,
      });
      continue;
    }
    const evaluation = evaluatePlan(
      relaxed,
      decisionsFromSolution(relaxed, layout, solution.colValue),
    );
    limits.push({
      limit: relaxation.limit,
      label: relaxation.label,
      objectiveGainUsd: Math.max(0, base.objectiveUsd - evaluation.cost.totalUsd),
      shortfallReductionMwYears: Math.max(0, base.shortfallMwYears - evaluation.shortfallMwYears),
      status: solution.status,
    });
  }
  limits.sort((a, b) => b.objectiveGainUsd - a.objectiveGainUsd || (a.limit < b.limit ? -1 : 1));
  return {
    method: 'relax-and-resolve',
    relaxation: `each limit relaxed by ${RELAXATION * 100}% (a decision: resolved on the as-of date), re-solved with the same solver options`,
    limits,
  };
}
