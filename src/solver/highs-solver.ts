import highs from 'highs';
import type { MilpModel } from '../planner/milp-model.js';
import type {
  MilpSolution,
  MilpSolver,
  SolveHooks,
  SolveProgress,
  SolveStatus,
  SolverOptions,
} from '../planner/milp-solver.js';
import { HIGHS_PLANNER_TUNING, highsOptionsFor, type HighsTuning } from './highs-tuning.js';

// Under NodeNext the package's default import is typed as the module namespace: see STACK.md.
const loadHighs = highs as unknown as typeof highs.default;
type Highs = Awaited<ReturnType<typeof loadHighs>>;

/** How often progress is reported during a solve. */
const PROGRESS_EVERY_SECONDS = 0.5;

export interface SyncSolveHooks {
  onProgress?: (progress: SolveProgress) => void;
  /** Polled at the solver's interrupt checkpoints: true ends the solve as `interrupted`. */
  shouldStop?: () => boolean;
}

/**
 * HiGHS (WebAssembly) behind the planner's solver port. The model goes in as typed CSR arrays
 * through `createModel`, not as LP text. Loading compiles the 3.5 MB WebAssembly module (seconds,
 * cold); a loaded solver is reused, which is why the CLI keeps it in a worker.
 */
export class HighsSolver implements MilpSolver {
  readonly name = 'highs';
  readonly version: string;
  private readonly highs: Highs;
  readonly tuning: HighsTuning;

  private constructor(runtime: Highs, tuning: HighsTuning) {
    this.highs = runtime;
    this.tuning = tuning;
    this.version = runtime.version.string;
  }

  /**
   * Load HiGHS. `tuning` replaces the planner's tuning (the benchmark passes `{}` to measure
   * HiGHS's defaults beside it).
   */
  static async load(options: { tuning?: HighsTuning } = {}): Promise<HighsSolver> {
    return new HighsSolver(await loadHighs(), options.tuning ?? HIGHS_PLANNER_TUNING);
  }

  solve(model: MilpModel, options: SolverOptions, hooks: SolveHooks = {}): Promise<MilpSolution> {
    const { signal, onProgress } = hooks;
    return Promise.resolve(
      this.solveSync(model, options, {
        ...(onProgress ? { onProgress } : {}),
        shouldStop: () => signal?.aborted === true,
      }),
    );
  }

  /** Solve on this thread, blocking it: the worker calls this. */
  solveSync(model: MilpModel, options: SolverOptions, hooks: SyncSolveHooks = {}): MilpSolution {
    const h = this.highs;
    const started = performance.now();
    const solverModel = h.createModel({
      numCols: model.numCols,
      numRows: model.numRows,
      offset: model.offset,
      colCost: model.colCost,
      colLower: model.colLower,
      colUpper: model.colUpper,
      rowLower: model.rowLower,
      rowUpper: model.rowUpper,
      integrality: model.integrality,
      matrix: {
        format: 'csr',
        numRows: model.numRows,
        numCols: model.numCols,
        starts: model.starts,
        indices: model.indices,
        values: model.values,
      },
    });
    const integerColumns = model.integrality.reduce((n, v) => n + (v === 0 ? 0 : 1), 0);
    try {
      solverModel.options.set({
        ...highsOptionsFor(this.tuning, integerColumns),
        output_flag: false,
        time_limit: options.timeLimitSeconds,
        mip_rel_gap: options.mipRelGap,
        random_seed: options.seed,
      });
      const handedOver = performance.now();
      let lastReport = -Infinity;
      const { callbackType } = h.constants;
      const isMip = integerColumns > 0;
      // Progress is read at the interrupt checkpoints, which fire throughout the search (the
      // logging channel stays silent with output off).
      const report = (data: {
        running_time?: number;
        mip_primal_bound?: number;
        mip_dual_bound?: number;
        mip_gap?: number;
      }) => {
        const seconds = data.running_time ?? 0;
        if (!hooks.onProgress || seconds - lastReport < PROGRESS_EVERY_SECONDS) return;
        lastReport = seconds;
        hooks.onProgress({
          seconds,
          incumbent: finite(data.mip_primal_bound),
          bound: finite(data.mip_dual_bound),
          gap: finite(data.mip_gap),
        });
      };
      solverModel.run(
        isMip
          ? {
              [callbackType.mipInterrupt](event) {
                report(event.data);
                if (hooks.shouldStop?.()) event.interrupt();
              },
            }
          : {},
      );
      const code = solverModel.getModelStatus();
      const solverStatus = statusName(h, code);
      const hasPrimal = Number(solverModel.info.get('primal_solution_status')) === 2;
      const objective = hasPrimal ? solverModel.getObjectiveValue() : undefined;
      const bound = isMip ? finite(infoNumber(solverModel, 'mip_dual_bound')) : objective;
      const gap = isMip ? finite(infoNumber(solverModel, 'mip_gap')) : hasPrimal ? 0 : undefined;
      const nodes = isMip ? infoNumber(solverModel, 'mip_node_count') : undefined;
      return {
        status: toSolveStatus(solverStatus),
        solverStatus,
        colValue: hasPrimal ? solverModel.getSolution().colValue : undefined,
        objective,
        bound,
        gap,
        seconds: (performance.now() - started) / 1000,
        handOverSeconds: (handedOver - started) / 1000,
        nodes,
      };
    } finally {
      solverModel.dispose();
    }
  }
}

function finite(value: number | undefined): number | undefined {
  return value !== undefined && Number.isFinite(value) ? value : undefined;
}

function infoNumber(
  model: { info: { get(name: string): number | bigint } },
  name: string,
): number | undefined {
  try {
    return Number(model.info.get(name));
  } catch {
    return undefined;
  }
}

function statusName(h: Highs, code: number): string {
  const entry = Object.entries(h.constants.modelStatus).find(([, v]) => v === code);
  return entry ? entry[0] : `status ${code}`;
}

/** HiGHS's model status, in the planner's words. */
function toSolveStatus(name: string): SolveStatus {
  switch (name) {
    case 'optimal':
      return 'optimal';
    case 'timeLimit':
    case 'iterationLimit':
    case 'solutionLimit':
      return 'time-limit';
    case 'interrupted':
      return 'interrupted';
    case 'infeasible':
      return 'infeasible';
    case 'unbounded':
      return 'unbounded';
    case 'unboundedOrInfeasible':
      return 'unbounded-or-infeasible';
    default:
      return 'failed';
  }
}
