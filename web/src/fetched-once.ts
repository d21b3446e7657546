import { useEffect, useState } from 'react';

/**
 * A hook for something the dashboard asks the server once per visit (the program's start, whether
 * the server is read-only): `load` runs on first use and its answer is shared by every component;
 * until it arrives (or if it fails, which `load` turns into a value) the hook gives `initial`.
 */
export function fetchedOnce<T>(load: () => Promise<T>, initial: T): () => T {
  let cached: Promise<T> | undefined;
  return function useFetchedOnce(): T {
    const [value, setValue] = useState(initial);
    useEffect(() => {
      cached ??= load();
      let live = true;
      void cached.then((answer) => {
        if (live) setValue(answer);
      });
      return () => {
        live = false;
      };
    }, []);
    return value;
  };
}
