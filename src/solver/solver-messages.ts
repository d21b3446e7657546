import type { MilpModel } from '../planner/milp-model.js';
import type { MilpSolution, SolveProgress, SolverOptions } from '../planner/milp-solver.js';

/** Messages between the CLI's thread and the solver worker. */
export type ToWorker = {
  type: 'solve';
  id: number;
  model: MilpModel;
  options: SolverOptions;
  /** Int32Array(1) over shared memory: set to 1 to cancel; the worker polls it while it solves. */
  cancel: SharedArrayBuffer;
};

export type FromWorker =
  | { type: 'ready'; version: string; loadSeconds: number }
  | { type: 'progress'; id: number; progress: SolveProgress }
  | { type: 'done'; id: number; solution: MilpSolution }
  | { type: 'error'; id: number; message: string };
