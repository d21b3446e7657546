import { z } from 'zod';
import type { RunContext, RunKind, RunProgress } from '../app/run-kind.js';
import { ApiError, toApiError, type ApiErrorCode } from './api-error.js';

export const RUN_STATUSES = ['queued', 'running', 'succeeded', 'failed'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** A run as the API shows it. */
export interface RunView {
  id: string;
  kind: string;
  params: unknown;
  status: RunStatus;
  progress: RunProgress | null;
  result: unknown;
  error: { code: ApiErrorCode; message: string } | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface RunKindView {
  kind: string;
  summary: string;
  /** JSON Schema of the run's `params`. */
  params: unknown;
}

type Listener = (run: RunView) => void;

/**
 * Asynchronous runs: started by id, one at a time (a solver or a simulation takes both cores of a
 * small machine), watched by polling or by subscribing to every change. Runs are views of the ledger,
 * reproducible from their parameters, so they live in memory: the last `keep` finished runs are kept.
 */
export class RunRegistry {
  readonly #kinds: Map<string, RunKind>;
  readonly #context: () => Omit<RunContext, 'report' | 'signal'>;
  readonly #keep: number;
  readonly #runs = new Map<string, RunView>();
  readonly #listeners = new Map<string, Set<Listener>>();
  readonly #abort = new AbortController();
  #queue: Promise<void> = Promise.resolve();
  #count = 0;

  constructor(options: {
    kinds: readonly RunKind[];
    context: () => Omit<RunContext, 'report' | 'signal'>;
    keep?: number;
  }) {
    this.#kinds = new Map(options.kinds.map((k) => [k.kind, k]));
    this.#context = options.context;
    this.#keep = options.keep ?? 50;
  }

  kinds(): RunKindView[] {
    return [...this.#kinds.values()].map((k) => ({
      kind: k.kind,
      summary: k.summary,
      params: z.toJSONSchema(k.params, { io: 'input', unrepresentable: 'any' }),
    }));
  }

  list(): RunView[] {
    return [...this.#runs.values()].reverse();
  }

  get(id: string): RunView | undefined {
    return this.#runs.get(id);
  }

  /** Queue a run; its parameters are checked now, so a bad request fails before anything starts. */
  start(kind: string, params: unknown): RunView {
    const runKind = this.#kinds.get(kind);
    if (!runKind) {
      const known = [...this.#kinds.keys()];
      throw new ApiError(
        'usage',
        `unknown run kind "${kind}" (kinds: ${known.join(', ') || 'none'})`,
        {
          path: 'body.kind',
        },
      );
    }
    const parsed = runKind.params.safeParse(params);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const path = ['body', 'params', ...(issue?.path ?? [])].join('.');
      throw new ApiError('usage', `${path}: ${issue?.message ?? 'invalid parameters'}`, { path });
    }
    this.#count += 1;
    const run: RunView = {
      id: `${kind}-${this.#count}-${globalThis.crypto.randomUUID().slice(0, 8)}`,
      kind,
      params: parsed.data,
      status: 'queued',
      progress: null,
      result: null,
      error: null,
      createdAt: new Date().toISOString(),
      startedAt: null,
      finishedAt: null,
    };
    this.#runs.set(run.id, run);
    this.#forgetOld();
    this.#queue = this.#queue.then(() => this.#execute(runKind, run));
    return { ...run };
  }

  /** Call `listener` on every change of the run until it finishes; returns the unsubscribe. */
  subscribe(id: string, listener: Listener): () => void {
    let set = this.#listeners.get(id);
    if (!set) this.#listeners.set(id, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  /** Resolves when every queued run has finished. */
  idle(): Promise<void> {
    return this.#queue;
  }

  /** Ask running work to stop (on shutdown). */
  abort(): void {
    this.#abort.abort();
  }

  /** On shutdown: stop running work, wait for the queue, and release what kinds keep warm. */
  async close(): Promise<void> {
    this.abort();
    await this.#queue;
    for (const kind of this.#kinds.values()) await kind.close?.();
  }

  async #execute(kind: RunKind, run: RunView): Promise<void> {
    this.#update(run, { status: 'running', startedAt: new Date().toISOString() });
    try {
      const result = await kind.execute(run.params, {
        ...this.#context(),
        signal: this.#abort.signal,
        report: (progress) => this.#update(run, { progress }),
      });
      this.#update(run, { status: 'succeeded', result, finishedAt: new Date().toISOString() });
    } catch (thrown) {
      const error = toApiError(thrown);
      this.#update(run, {
        status: 'failed',
        error: { code: error.code, message: error.message },
        finishedAt: new Date().toISOString(),
      });
    }
  }

  #update(run: RunView, change: Partial<RunView>): void {
    Object.assign(run, change);
    const view = { ...run };
    for (const listener of this.#listeners.get(run.id) ?? []) listener(view);
    if (run.finishedAt !== null) this.#listeners.delete(run.id);
  }

  #forgetOld(): void {
    const finished = [...this.#runs.values()].filter((r) => r.finishedAt !== null);
    for (const run of finished.slice(0, Math.max(0, finished.length - this.#keep)))
      this.#runs.delete(run.id);
  }
}
