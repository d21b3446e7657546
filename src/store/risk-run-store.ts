import type { RiskRun } from '../risk/risk-run.js';

export interface StoredRiskRunSummary {
  id: number;
  createdAt: string;
  program: string;
  asOf: string;
  knownAt: string;
  seed: number;
  trials: number;
  inputsHash: string;
  resultHash: string;
}

/** Where risk runs are kept (beside the ledger, in the same file for SQLite). */
export interface RiskRunStore {
  /** Keep a run; returns its id. */
  save(run: RiskRun): Promise<number>;
  get(id: number): Promise<RiskRun | undefined>;
  list(): Promise<StoredRiskRunSummary[]>;
  close(): Promise<void>;
}
