import { useEffect, useState } from 'react';
import { fetchJson } from './api.js';

let cached: Promise<boolean> | undefined;

/**
 * Whether the server refuses writes (`stargate serve --read-only`), asked once per visit, so that
 * buttons that would import or start a run say so before anyone presses them.
 */
export function useReadOnly(): boolean {
  const [readOnly, setReadOnly] = useState(false);
  useEffect(() => {
    cached ??= fetchJson<{ readOnly?: boolean }>('/api/health').then(
      (h) => h.readOnly === true,
      () => false,
    );
    let live = true;
    void cached.then((value) => {
      if (live) setReadOnly(value);
    });
    return () => {
      live = false;
    };
  }, []);
  return readOnly;
}
