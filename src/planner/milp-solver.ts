import type { MilpModel } from './milp-model.js';

/**
 * The port the planner solves through (HiGHS in a worker thread in the CLI; HiGHS in-thread and
 * GLPK in the benchmark). It declares only what the planner uses.
 */
export interface SolverOptions {
  /** Wall-clock limit for one solve. */
  timeLimitSeconds: number;
  /** Stop when (incumbent − bound) / |incumbent| is at most this. */
  mipRelGap: number;
  /** Recorded with the run; the WebAssembly HiGHS build is single-threaded. */
  threads: number;
  /** The solver's random seed, for reproducible runs. */
  seed: number;
}

export const DEFAULT_SOLVER_OPTIONS: SolverOptions = {
  timeLimitSeconds: 60,
  mipRelGap: 1e-4,
  threads: 1,
  seed: 0,
};

/** How a solve ended, in the planner's words; `solverStatus` keeps the solver's own. */
export const SOLVE_STATUSES = [
  'optimal',
  'time-limit',
  'interrupted',
  'infeasible',
  'unbounded',
  'unbounded-or-infeasible',
  'failed',
] as const;
export type SolveStatus = (typeof SOLVE_STATUSES)[number];

export interface MilpSolution {
  status: SolveStatus;
  /** The solver's own name for the outcome, e.g. HiGHS "Time limit reached". */
  solverStatus: string;
  /** Column values of the best solution found, if any. */
  colValue: Float64Array | undefined;
  /** Objective of that solution (model units), if any. */
  objective: number | undefined;
  /** Best proven bound on the objective (model units), if known. */
  bound: number | undefined;
  /** Relative gap between objective and bound, if known. */
  gap: number | undefined;
  /** Solve time, wall clock, from handing the model over to having the solution back. */
  seconds: number;
  /**
   * The part of `seconds` spent handing the model to the solver (HiGHS: `createModel` copying the
   * arrays in, and setting the options), when the solver reports it.
   */
  handOverSeconds?: number;
  /** Branch-and-bound nodes, when the solver reports them. */
  nodes: number | undefined;
}

export interface SolveProgress {
  seconds: number;
  incumbent: number | undefined;
  bound: number | undefined;
  gap: number | undefined;
}

export interface SolveHooks {
  onProgress?: (progress: SolveProgress) => void;
  /** Cancels the solve: it ends as `interrupted` with the best solution found so far. */
  signal?: AbortSignal;
}

export interface MilpSolver {
  readonly name: string;
  readonly version: string;
  /**
   * Solver-specific settings beyond `SolverOptions`, recorded with a run: HiGHS option names, some
   * of them applying to small models only (src/solver/highs-tuning.ts).
   */
  readonly tuning?: Readonly<Record<string, boolean | number | string>>;
  solve(model: MilpModel, options: SolverOptions, hooks?: SolveHooks): Promise<MilpSolution>;
}
