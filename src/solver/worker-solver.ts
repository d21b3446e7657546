import type { Worker } from 'node:worker_threads';
import { StargateError } from '../errors.js';
import { startWorker } from '../platform/start-worker.js';
import type { MilpModel } from '../planner/milp-model.js';
import type {
  MilpSolution,
  MilpSolver,
  SolveHooks,
  SolverOptions,
} from '../planner/milp-solver.js';
import { HIGHS_PLANNER_TUNING } from './highs-tuning.js';
import type { FromWorker, ToWorker } from './solver-messages.js';

interface Pending {
  resolve: (solution: MilpSolution) => void;
  reject: (error: Error) => void;
  hooks: SolveHooks;
}

/**
 * HiGHS in a worker thread behind the solver port: the calling thread stays free to show progress
 * and to cancel (Ctrl-C), and the loaded solver stays warm between solves.
 */
export class WorkerSolver implements MilpSolver {
  readonly name = 'highs';
  readonly version: string;
  /** The worker loads HiGHS with the planner's tuning. */
  readonly tuning = HIGHS_PLANNER_TUNING;
  /** Seconds the worker took to compile and load HiGHS (the cold start). */
  readonly loadSeconds: number;
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  private constructor(worker: Worker, ready: { version: string; loadSeconds: number }) {
    this.worker = worker;
    this.version = ready.version;
    this.loadSeconds = ready.loadSeconds;
    worker.on('message', (message: FromWorker) => this.receive(message));
    worker.on('error', (error) => this.failAll(error));
    worker.on('exit', (code) => {
      if (this.pending.size > 0) this.failAll(new Error(`the solver worker exited (${code})`));
    });
  }

  static async start(): Promise<WorkerSolver> {
    const worker = startWorker(import.meta.url, 'solver-worker');
    const ready = await new Promise<{ version: string; loadSeconds: number }>((resolve, reject) => {
      worker.once('message', (message: FromWorker) => {
        if (message.type === 'ready') resolve(message);
        else reject(new Error(`solver worker: expected ready, got ${message.type}`));
      });
      worker.once('error', reject);
    });
    return new WorkerSolver(worker, ready);
  }

  solve(model: MilpModel, options: SolverOptions, hooks: SolveHooks = {}): Promise<MilpSolution> {
    const id = this.nextId;
    this.nextId += 1;
    const cancel = new SharedArrayBuffer(4);
    const flag = new Int32Array(cancel);
    const abort = () => Atomics.store(flag, 0, 1);
    if (hooks.signal?.aborted) abort();
    hooks.signal?.addEventListener('abort', abort, { once: true });
    return new Promise<MilpSolution>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, hooks });
      const message: ToWorker = { type: 'solve', id, model, options, cancel };
      this.worker.postMessage(message);
    }).finally(() => hooks.signal?.removeEventListener('abort', abort));
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }

  private receive(message: FromWorker): void {
    if (message.type === 'ready') return;
    const pending = this.pending.get(message.id);
    if (!pending) return;
    switch (message.type) {
      case 'progress':
        pending.hooks.onProgress?.(message.progress);
        return;
      case 'done':
        this.pending.delete(message.id);
        pending.resolve(message.solution);
        return;
      case 'error':
        this.pending.delete(message.id);
        pending.reject(new StargateError('internal', `solver: ${message.message}`));
        return;
    }
  }

  private failAll(error: Error): void {
    for (const [id, pending] of this.pending) {
      this.pending.delete(id);
      pending.reject(
        new StargateError('internal', `solver worker: ${error.message}`, { cause: error }),
      );
    }
  }
}
