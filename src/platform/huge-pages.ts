import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * glibc's malloc asks the kernel for transparent huge pages when this tunable is set (glibc ≥ 2.35;
 * older versions ignore it). It is read only when a process starts, so a process that wants it runs
 * again with it.
 *
 * Why: on the virtual machines this was measured on, touching a fresh 4 KiB page costs about 11 µs
 * (111 MB first written in 300 ms, then rewritten in 6 ms). A 1M-record import faults about 274,000
 * pages; with the tunable, SQLite's page cache, file buffers and the import's other malloc'd memory
 * come in 2 MiB pages and the count halves (131,000), which took the import from 12.3 s to 9.4 s
 * (bench/README.md, 2026-12-04). V8's own heap is mapped by V8 and is not affected.
 */
export const HUGE_PAGES_TUNABLE = 'glibc.malloc.hugetlb=1';

/**
 * The environment to run this process again with, so that its malloc uses huge pages; undefined when
 * that would change nothing: not Linux with glibc, the kernel's THP mode is not `madvise` (`always`
 * gives every process huge pages already, `never` gives none), or GLIBC_TUNABLES already says
 * something about glibc.malloc.hugetlb — the user's own setting, `=0` to turn this off, is kept.
 */
export function hugePagesEnv(
  env: NodeJS.ProcessEnv = process.env,
  host: { platform: string; thpMode: string | undefined; glibc: boolean } = {
    platform: process.platform,
    get thpMode() {
      return kernelThpMode();
    },
    get glibc() {
      return hasGlibc();
    },
  },
): NodeJS.ProcessEnv | undefined {
  if (host.platform !== 'linux') return undefined;
  const tunables = env.GLIBC_TUNABLES ?? '';
  if (tunables.includes('glibc.malloc.hugetlb')) return undefined;
  // Read last: the kernel's mode is a file, glibc's version a process report (about 9 ms).
  if (host.thpMode !== 'madvise' || !host.glibc) return undefined;
  return {
    ...env,
    GLIBC_TUNABLES: tunables === '' ? HUGE_PAGES_TUNABLE : `${tunables}:${HUGE_PAGES_TUNABLE}`,
  };
}

/** The kernel's transparent huge page mode (`always`, `madvise` or `never`), when it says. */
export function kernelThpMode(): string | undefined {
  try {
    const text = readFileSync('/sys/kernel/mm/transparent_hugepage/enabled', 'utf8');
    return /\[(\w+)\]/.exec(text)?.[1];
  } catch {
    return undefined;
  }
}

function hasGlibc(): boolean {
  const header = (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } })
    ?.header;
  return typeof header?.glibcVersionRuntime === 'string';
}

/**
 * Run this same command (node, its flags, the script and its arguments) again in a child process
 * with `env`, sharing the terminal; resolves to the child's exit code. A signal sent to this process
 * is passed on, and a child killed by a signal kills this process with the same signal.
 */
export function rerun(env: NodeJS.ProcessEnv): Promise<number> {
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    env,
    stdio: 'inherit',
  });
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  for (const signal of signals) process.on(signal, forward);
  return new Promise((resolve, reject) => {
    child.on('error', (error) => {
      for (const signal of signals) process.off(signal, forward);
      reject(error);
    });
    child.on('exit', (code, signal) => {
      for (const signal of signals) process.off(signal, forward);
      if (signal !== null) process.kill(process.pid, signal);
      resolve(code ?? 1);
    });
  });
}
