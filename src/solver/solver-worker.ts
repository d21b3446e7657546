/**
 * The solver's thread. It loads HiGHS once (compiling the WebAssembly takes seconds) and then
 * solves whatever it is sent, blocking only itself; progress and the result go back as messages.
 * A solve is cancelled through shared memory, since a blocked thread reads no messages.
 */
import { parentPort } from 'node:worker_threads';
import { HighsSolver } from './highs-solver.js';
import type { FromWorker, ToWorker } from './solver-messages.js';

const port = parentPort;
if (!port) throw new Error('solver-worker runs as a worker thread');

const started = performance.now();
const solver = await HighsSolver.load();
const post = (message: FromWorker) => port.postMessage(message);
post({ type: 'ready', version: solver.version, loadSeconds: (performance.now() - started) / 1000 });

port.on('message', (message: ToWorker) => {
  const cancel = new Int32Array(message.cancel);
  try {
    const solution = solver.solveSync(message.model, message.options, {
      onProgress: (progress) => post({ type: 'progress', id: message.id, progress }),
      shouldStop: () => Atomics.load(cancel, 0) === 1,
    });
    post({ type: 'done', id: message.id, solution });
  } catch (error) {
    post({ type: 'error', id: message.id, message: (error as Error).message });
  }
});
