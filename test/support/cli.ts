import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The built binary: CLI tests run it as a user would (`npm test` builds it first). */
export const BIN = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

/** Longest a single CLI run may take in a test. */
const RUN_LIMIT_MS = 180_000;

/** Run `stargate ARGS` in `cwd`, returning the exit code and what it printed. */
export function runStargate(
  args: readonly string[],
  options: { cwd: string; env?: Record<string, string> },
): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    encoding: 'utf8',
    env: { ...process.env, ...options.env },
    // A command that never returns (e.g. `start` without --no-serve, which goes on to serve)
    // would block the test worker's event loop, so no vitest timeout could fire: CI would hang
    // until its own limit. Kill it instead, and let the assertion on the exit code fail.
    timeout: RUN_LIMIT_MS,
    killSignal: 'SIGKILL',
  });
  if (result.error && (result.error as NodeJS.ErrnoException).code === 'ETIMEDOUT')
    throw new Error(`stargate ${args.join(' ')} did not finish within ${RUN_LIMIT_MS / 1000} s`);
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
