import type { AttributionPolicy } from '../metrics/attribution.js';
import type { CapacityYear, PlanCost, SpendYear } from './evaluate-plan.js';
import type { SolverOptions, SolveStatus } from './milp-solver.js';
import type { PlanGate } from './plan-instance.js';

/**
 * One planner run, as printed by `stargate plan --json` and stored in the ledger file: stable
 * within `stargate-plan/v1` (fields are only added). Money in USD, capacity in MW. When the
 * solver found no plan (infeasible, unbounded, cancelled before a first solution), `plan` is null
 * and `solver.status` says why: never an empty plan.
 */
export interface PlanRun {
  format: 'stargate-plan/v1';
  /** Stored run id, once saved. */
  id: number | null;
  createdAt: string;
  program: string;
  asOf: string;
  knownAt: string;
  policy: AttributionPolicy;
  /** `base`, or the shipped what-if it ran. */
  scenario: string;
  scenarioTitle: string;
  /** Every overlay entry applied, in order (what-if first, then --set). */
  overlay: { key: string; value: string | number | boolean; from: string }[];
  /** SHA-256 of the canonical JSON of the resolved inputs and solver options. */
  inputsHash: string;
  years: number[];
  solver: {
    name: string;
    version: string;
    options: SolverOptions;
    /**
     * Solver-specific settings beyond `options`, {} for none: HiGHS option names, and
     * `small_model.<option>` for an option set only on models with at most
     * `small_model.max_integer_columns` integer columns (src/solver/highs-tuning.ts).
     */
    tuning: Readonly<Record<string, boolean | number | string>>;
    status: SolveStatus;
    solverStatus: string;
    objectiveUsd: number | null;
    boundUsd: number | null;
    gap: number | null;
    seconds: number;
    /**
     * Building the model's arrays (ms), excluded from `seconds`. Handing them to HiGHS
     * (`createModel`) is part of `seconds`; posting them to the solver worker is in neither.
     */
    modelBuildMs: number;
    /**
     * The part of `seconds` spent handing the model to the solver (HiGHS: `createModel` and its
     * options), in seconds; null when the solver does not report it, or in runs stored before it
     * was recorded.
     */
    handOverSeconds?: number | null;
    variables: number;
    integerVariables: number;
    constraints: number;
    nodes: number | null;
  };
  gates: (PlanGate & { earliestYear: number })[];
  existing: { subject: string; mw: number; fromYear: number }[];
  plan: PlanBody | null;
  binding: BindingReport | null;
}

export interface PlanBody {
  capacity: CapacityYear[];
  builds: {
    candidate: string;
    site: string;
    region: string;
    year: number;
    blocks: number;
    mw: number;
  }[];
  sitesOpened: { candidate: string; region: string; mw: number; firstYear: number }[];
  leases: { offer: string; provider: string; year: number; mw: number; usd: number }[];
  spend: SpendYear[];
  /** Discounted to the first plan year: what the solver minimised. */
  cost: PlanCost;
  shortfall: { mwYears: number; byYear: { year: number; mw: number }[]; lastYearMw: number };
  /** The independent re-evaluation of the plan against every constraint. */
  check: { ok: boolean; violations: string[] };
  /** The greedy heuristic on the same inputs, for scale. */
  greedy: { costUsd: number; shortfallMwYears: number } | null;
}

export interface BindingReport {
  method: 'relax-and-resolve';
  relaxation: string;
  limits: {
    limit: string;
    label: string;
    /** How much the objective improves with the limit relaxed (USD, discounted). */
    objectiveGainUsd: number;
    /** How many MW-years of shortfall go away. */
    shortfallReductionMwYears: number;
    status: SolveStatus;
  }[];
}
