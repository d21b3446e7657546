import { useCallback, useSyncExternalStore } from 'react';

/**
 * A tiny router over the History API: the path picks the page and the query holds the view (dates,
 * policy, rule), so every view has an address that can be shared or bookmarked.
 */
const listeners = new Set<() => void>();
function notify(): void {
  for (const listener of listeners) listener();
}
window.addEventListener('popstate', notify);

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useLocation(): { path: string; search: string } {
  const path = useSyncExternalStore(subscribe, () => window.location.pathname);
  const search = useSyncExternalStore(subscribe, () => window.location.search);
  return { path, search };
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  notify();
}

/** One query parameter, read and written in place (written with replaceState: no history spam). */
export function useQueryParam(
  name: string,
): [string | undefined, (value: string | undefined) => void] {
  const { search } = useLocation();
  const value = new URLSearchParams(search).get(name) ?? undefined;
  const set = useCallback(
    (next: string | undefined) => {
      const params = new URLSearchParams(window.location.search);
      if (next === undefined || next === '') params.delete(name);
      else params.set(name, next);
      const query = params.toString();
      navigate(`${window.location.pathname}${query === '' ? '' : `?${query}`}`, { replace: true });
    },
    [name],
  );
  return [value, set];
}
