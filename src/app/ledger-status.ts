import type { ViewPoint } from '../ledger/subject-state.js';
import type { AttributionPolicy } from '../metrics/attribution.js';
import { statusReport, type StatusReport } from '../metrics/status-report.js';
import { StargateError } from '../errors.js';
import type { LedgerStats, LedgerStore } from '../store/ledger-store.js';

export interface StatusView extends StatusReport {
  ledger: LedgerStats;
}

/** The status report of a program at (V, K), one per policy asked for, read from the store once. */
export async function ledgerStatus(options: {
  store: LedgerStore;
  at: ViewPoint;
  policies: readonly AttributionPolicy[];
  program?: string | undefined;
  evidence?: boolean;
}): Promise<StatusView[]> {
  const [states, ledger] = await Promise.all([
    options.store.statesAt(options.at),
    options.store.stats(),
  ]);
  return options.policies.map((policy) => {
    const outcome = statusReport({
      states,
      at: options.at,
      policy,
      program: options.program,
      evidence: options.evidence,
    });
    if (outcome.ok) return { ...outcome.report, ledger };
    if (outcome.reason === 'ambiguous-program') {
      throw new StargateError(
        'usage',
        `the ledger holds several programs (${outcome.programs.join(', ')}); choose one with --program`,
      );
    }
    const which = options.program === undefined ? 'no program' : `no program "${options.program}"`;
    const known = outcome.programs.length > 0 ? ` (known: ${outcome.programs.join(', ')})` : '';
    throw new StargateError(
      'not-found',
      `${which} as of ${options.at.asOf}, known at ${options.at.knownAt}${known}; import a scenario first`,
    );
  });
}
