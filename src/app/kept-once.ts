/**
 * Start something on first use and keep it for the next (a warm solver, reference data read from
 * disk). A start that fails is forgotten, so the next use tries again instead of failing forever.
 */
export function keptOnce<T>(start: () => Promise<T>): {
  get(): Promise<T>;
  /** Forget it and hand back what was started, if anything, so that it can be released. */
  take(): Promise<T> | undefined;
} {
  let kept: Promise<T> | undefined;
  return {
    get() {
      kept ??= start().catch((error: unknown) => {
        kept = undefined;
        throw error;
      });
      return kept;
    },
    take() {
      const started = kept;
      kept = undefined;
      return started;
    },
  };
}
