import { useEffect, useState } from 'react';
import type { StatusView } from '../../src/app/ledger-status.js';
import { fetchJson } from './api.js';

let cached: Promise<string | undefined> | undefined;

/**
 * The day the program was announced (as known today), where the "as known at" slider starts. Asked
 * once per visit; undefined until known, or when the ledger holds no single program.
 */
export function useProgramStart(): string | undefined {
  const [start, setStart] = useState<string | undefined>();
  useEffect(() => {
    cached ??= fetchJson<StatusView>('/api/status').then(
      (s) => (/^\d{4}-\d{2}-\d{2}$/.test(s.program.announced) ? s.program.announced : undefined),
      () => undefined,
    );
    let live = true;
    void cached.then((day) => {
      if (live) setStart(day);
    });
    return () => {
      live = false;
    };
  }, []);
  return start;
}
