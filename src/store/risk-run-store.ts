import type { RiskRun } from '../risk/risk-run.js';

export type StoredRiskRunSummary = Pick<
  RiskRun,
  'createdAt' | 'program' | 'asOf' | 'knownAt' | 'seed' | 'trials' | 'inputsHash' | 'resultHash'
> & { id: number };

/** Where risk runs are kept (beside the ledger, in the same file for SQLite). */
export interface RiskRunStore {
  /** Keep a run; returns its id. */
  save(run: RiskRun): Promise<number>;
  get(id: number): Promise<RiskRun | undefined>;
  list(): Promise<StoredRiskRunSummary[]>;
  close(): Promise<void>;
}
