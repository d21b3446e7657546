import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    // CLI tests spawn the built binary; keep parallelism modest on a 2-core machine.
    maxWorkers: 2,
  },
});
