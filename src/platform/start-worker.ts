import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Start the worker module `name` that sits beside the module at `from` (its `import.meta.url`).
 * Built, that is `name.js`. Run from source (tests and benchmarks, under tsx) it is `name.ts`, and
 * the worker must register tsx's loader first: workers do not inherit it.
 */
export function startWorker(from: string, name: string, options: WorkerOptions = {}): Worker {
  const fromSource = from.endsWith('.ts');
  const entry = new URL(`./${name}${fromSource ? '.ts' : '.js'}`, from);
  return fromSource
    ? new Worker(
        `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); });`,
        { ...options, eval: true },
      )
    : new Worker(entry, options);
}
