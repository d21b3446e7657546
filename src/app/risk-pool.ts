import type { Worker } from 'node:worker_threads';
import { StargateError } from '../errors.js';
import {
  addAccumulators,
  emptyAccumulators,
  runTrials,
  type RiskAccumulators,
} from '../risk/kernel.js';
import type { RiskModel } from '../risk/model.js';
import { startWorker } from '../platform/start-worker.js';
import type { FromRiskWorker, ToRiskWorker } from './risk-worker.js';

export interface PoolProgress {
  done: number;
  total: number;
  ms: number;
}

/**
 * Runs trials of a risk model on N worker threads (or in this thread when N ≤ 1), in batches handed
 * out as workers free up. Batches cover fixed trial ranges and the kernel seeds each trial from its
 * index, so the summed histograms are the same for any N. Memory stays bounded: a batch's histograms
 * are added up as soon as it returns, whatever the number of trials.
 */
export class RiskPool {
  readonly workers: number;
  readonly #threads: Worker[] = [];
  #stopped = false;

  private constructor(workers: number) {
    this.workers = workers;
  }

  static start(workers: number): RiskPool {
    const pool = new RiskPool(Math.max(1, Math.floor(workers)));
    if (pool.workers > 1) {
      for (let i = 0; i < pool.workers; i += 1)
        pool.#threads.push(startWorker(import.meta.url, 'risk-worker'));
    }
    return pool;
  }

  /** Stop at the next batch boundary (Ctrl-C): the run is abandoned, nothing is returned. */
  stop(): void {
    this.#stopped = true;
    for (const t of this.#threads) void t.terminate();
  }

  async run(options: {
    model: RiskModel;
    seed: number;
    trials: number;
    onProgress?: (p: PoolProgress) => void;
  }): Promise<RiskAccumulators> {
    const { model, seed, trials } = options;
    const started = performance.now();
    const total = emptyAccumulators(model);
    const batch = Math.max(500, Math.min(100_000, Math.ceil(trials / (this.workers * 8))));
    let nextFrom = 0;
    let done = 0;
    const report = () =>
      options.onProgress?.({ done, total: trials, ms: Math.round(performance.now() - started) });

    if (this.#threads.length === 0) {
      while (nextFrom < trials) {
        if (this.#stopped)
          throw new StargateError('interrupted', 'simulation interrupted; nothing was stored');
        const to = Math.min(trials, nextFrom + batch);
        runTrials(model, { seed, from: nextFrom, to }, total);
        done = to;
        nextFrom = to;
        report();
        // Let a pending Ctrl-C be seen between batches.
        await new Promise((resolve) => setImmediate(resolve));
      }
      return total;
    }

    await Promise.all(
      this.#threads.map(async (thread) => {
        while (nextFrom < trials) {
          if (this.#stopped)
            throw new StargateError('interrupted', 'simulation interrupted; nothing was stored');
          const from = nextFrom;
          const to = Math.min(trials, from + batch);
          nextFrom = to;
          const result = await new Promise<RiskAccumulators>((resolve, reject) => {
            const onMessage = (m: FromRiskWorker) => {
              thread.off('error', onError);
              thread.off('exit', onExit);
              resolve(m.acc);
            };
            const onError = (e: Error) => {
              thread.off('message', onMessage);
              reject(e);
            };
            const onExit = () =>
              reject(
                new StargateError('interrupted', 'simulation interrupted; nothing was stored'),
              );
            thread.once('message', onMessage);
            thread.once('error', onError);
            thread.once('exit', onExit);
            thread.postMessage({ model, seed, from, to } satisfies ToRiskWorker);
          });
          addAccumulators(total, result);
          done += to - from;
          report();
        }
      }),
    );
    return total;
  }

  async close(): Promise<void> {
    await Promise.all(this.#threads.map((t) => t.terminate()));
  }
}
