import type { RiskSetting } from './risk-overlay.js';
import type { RiskSummary } from './summarize.js';
import type { Tornado } from './tornado.js';

/**
 * One risk run, as `stargate simulate --json` prints it and the ledger file stores it: stable within
 * `stargate-risk/v1` (fields are only added). The same inputs (ledger view, reference data,
 * settings, plan), seed and trial count give the same result bit for bit, whatever the number of
 * workers: `inputsHash` and `resultHash` let two runs be compared.
 */
export interface RiskRun {
  format: 'stargate-risk/v1';
  id: number | null;
  createdAt: string;
  program: string;
  asOf: string;
  knownAt: string;
  seed: number;
  trials: number;
  workers: number;
  seconds: number;
  /** Stage durations drawn: trials × items × 7, for comparing runs of different shapes. */
  stageSamples: number;
  /** SHA-256 of the canonical JSON of everything the result depends on except the seed and trials. */
  inputsHash: string;
  /** SHA-256 of the canonical JSON of `summary` and `tornado`. */
  resultHash: string;
  plan: number | null;
  settings: RiskSetting[];
  reference: { file: string; sha256: string };
  summary: RiskSummary;
  tornado: Tornado[];
}
