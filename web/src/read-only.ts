import { fetchJson } from './api.js';
import { fetchedOnce } from './fetched-once.js';

/**
 * Whether the server refuses writes (`stargate serve --read-only`), so that buttons that would
 * import or start a run say so before anyone presses them.
 */
export const useReadOnly = fetchedOnce<boolean>(
  () =>
    fetchJson<{ readOnly?: boolean }>('/api/health').then(
      (h) => h.readOnly === true,
      () => false,
    ),
  false,
);
