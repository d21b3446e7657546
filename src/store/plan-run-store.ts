import type { PlanRun } from '../planner/plan-run.js';

export interface StoredPlanRunSummary {
  id: number;
  createdAt: string;
  program: string;
  scenario: string;
  asOf: string;
  knownAt: string;
  inputsHash: string;
  status: string;
}

/** Where planner runs are kept (beside the ledger, in the same file for SQLite). */
export interface PlanRunStore {
  /** Keep a run and the inputs it was solved from; returns its id. */
  save(run: PlanRun, inputs: unknown): Promise<number>;
  get(id: number): Promise<PlanRun | undefined>;
  list(): Promise<StoredPlanRunSummary[]>;
  close(): Promise<void>;
}
