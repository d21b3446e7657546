import type { z } from 'zod';
import type { Hasher } from '../ledger/hasher.js';
import type { LedgerStore } from '../store/ledger-store.js';
import type { PlanRunStore } from '../store/plan-run-store.js';
import type { RiskRunStore } from '../store/risk-run-store.js';

/** How far a run has got: `total` null while the amount of work is not known. */
export interface RunProgress {
  done: number;
  total: number | null;
  message: string;
}

export interface RunContext {
  store: LedgerStore;
  /** Where plan and risk runs are kept once they succeed (beside the ledger). */
  plans: PlanRunStore;
  risks: RiskRunStore;
  sha256: Hasher;
  /** Today, for runs whose dates default to it. */
  today: string;
  report(progress: RunProgress): void;
  /** Aborted when the server shuts down: long runs should stop early. */
  signal: AbortSignal;
}

/**
 * A kind of long computation the API runs asynchronously (`POST /api/runs`): its parameters, checked
 * before the run is queued, and the work. The planner and the risk model plug in here, each as one
 * more kind; the API, its progress events and the dashboard's run panel need no change.
 */
export interface RunKind<TParams = unknown, TResult = unknown> {
  kind: string;
  summary: string;
  params: z.ZodType<TParams>;
  execute(params: TParams, context: RunContext): Promise<TResult>;
  /** Release what the kind keeps between runs (a warm solver worker), on shutdown. */
  close?(): Promise<void>;
}

/** Erase a kind's parameter and result types, to hold kinds of every sort in one list. */
export function anyRunKind<TParams, TResult>(kind: RunKind<TParams, TResult>): RunKind {
  return kind as unknown as RunKind;
}
