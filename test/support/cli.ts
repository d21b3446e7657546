import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The built binary: CLI tests run it as a user would (`npm test` builds it first). */
export const BIN = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

/** Run `stargate ARGS` in `cwd`, returning the exit code and what it printed. */
export function runStargate(
  args: readonly string[],
  options: { cwd: string; env?: Record<string, string> },
): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    encoding: 'utf8',
    env: { ...process.env, ...options.env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
