import { parentPort } from 'node:worker_threads';
import { emptyAccumulators, runTrials, type RiskAccumulators } from '../risk/kernel.js';
import type { RiskModel } from '../risk/model.js';

export type ToRiskWorker = { model: RiskModel; seed: number; from: number; to: number };
export type FromRiskWorker = { acc: RiskAccumulators };

// One batch per message: the model arrives with each batch (structured clone of typed arrays, a few
// hundred kB at most), so a worker holds no state between runs and any worker can take any batch.
parentPort?.on('message', (job: ToRiskWorker) => {
  const acc = emptyAccumulators(job.model);
  runTrials(job.model, { seed: job.seed, from: job.from, to: job.to }, acc);
  const transfer = [
    acc.evalMet.buffer,
    acc.itemOnline.buffer,
    acc.critical.buffer,
    acc.fanMw.buffer,
    acc.capitalByYear.buffer,
    acc.jobsByYear.buffer,
  ] as ArrayBuffer[];
  parentPort?.postMessage({ acc } satisfies FromRiskWorker, transfer);
});
