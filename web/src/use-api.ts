import { useEffect, useState } from 'react';
import { fetchJson } from './api.js';

export interface ApiState<T> {
  data: T | undefined;
  error: Error | undefined;
  /** True while a request is in flight; `data` keeps the last answer meanwhile (no flicker). */
  loading: boolean;
}

/**
 * GET `path` as JSON whenever it changes; a newer path aborts the older request, so a dragged
 * slider only ever shows the answer for where it stopped. `path` undefined: fetch nothing; a new
 * `reload` fetches the same path again (after a write).
 */
export function useApi<T>(path: string | undefined, reload = 0): ApiState<T> {
  const [state, setState] = useState<ApiState<T>>({
    data: undefined,
    error: undefined,
    loading: path !== undefined,
  });
  useEffect(() => {
    if (path === undefined) return undefined;
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    fetchJson<T>(path, { signal: controller.signal }).then(
      (data) => setState({ data, error: undefined, loading: false }),
      (error: Error) => {
        if (error.name !== 'AbortError') setState({ data: undefined, error, loading: false });
      },
    );
    return () => controller.abort();
  }, [path, reload]);
  return state;
}
