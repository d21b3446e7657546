import type { ViewPoint } from '../ledger/subject-state.js';
import { programTimeline, type ProgramTimeline } from '../metrics/program-timeline.js';
import type { LedgerStore } from '../store/ledger-store.js';
import { resolveProgram } from './resolve-program.js';

/** The dated entries of a program at (V, K), read from the store once. */
export async function ledgerTimeline(options: {
  store: LedgerStore;
  at: ViewPoint;
  program?: string | undefined;
}): Promise<ProgramTimeline> {
  const states = await options.store.statesAt(options.at);
  const program = resolveProgram({ states, program: options.program, at: options.at });
  return programTimeline({ states, at: options.at, program });
}
