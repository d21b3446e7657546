import type { StatusView } from '../../src/app/ledger-status.js';
import { fetchJson } from './api.js';
import { fetchedOnce } from './fetched-once.js';

/**
 * The day the program was announced (as known today), where the "as known at" slider starts.
 * Undefined until known, or when the ledger holds no single program.
 */
export const useProgramStart = fetchedOnce<string | undefined>(
  () =>
    fetchJson<StatusView>('/api/status').then(
      (s) => (/^\d{4}-\d{2}-\d{2}$/.test(s.program.announced) ? s.program.announced : undefined),
      () => undefined,
    ),
  undefined,
);
