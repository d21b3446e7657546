/**
 * Benchmark runner: `npm run bench -- <name> [options]`. Each benchmark is a script that prints its
 * figures (not a test); it is loaded only when asked for, so listing them stays instant.
 */
interface Benchmark {
  summary: string;
  run: (args: string[]) => Promise<void>;
}

const BENCHMARKS: Record<string, Benchmark> = {
  ledger: {
    summary:
      'import a generated 1M-record program into SQLite, then time status, incremental and repeated imports',
    run: async (args) => (await import('./ledger.js')).runLedgerBench(args),
  },
  risk: {
    summary:
      'Monte Carlo kernel: 1M trials of a 200-facility, 7-stage pipeline, 1 thread and 2 workers, vs an object-per-trial baseline',
    run: async (args) => (await import('./risk.js')).runRiskBench(args),
  },
  dashboard: {
    summary:
      "the overview's first load on loopback in Debian's Chromium (new visitor each time), to the figures on screen",
    run: async (args) => (await import('./dashboard.js')).runDashboardBench(args),
  },
  planner: {
    summary:
      'solve seeded S×6 build-out MILPs (S = 200, 1000, 3000) with HiGHS; compare GLPK and a greedy heuristic',
    run: async (args) => (await import('./planner.js')).runPlannerBench(args),
  },
};

function listBenchmarks(): string {
  const names = Object.entries(BENCHMARKS).map(([name, b]) => `  ${name.padEnd(10)} ${b.summary}`);
  return `usage: npm run bench -- <name> [options]\n\nbenchmarks:\n${names.join('\n')}\n`;
}

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  const bench = name === undefined ? undefined : BENCHMARKS[name];
  if (!bench) {
    if (name !== undefined) process.stderr.write(`unknown benchmark "${name}"\n\n`);
    process.stderr.write(listBenchmarks());
    return 2;
  }
  try {
    await bench.run(rest);
    return 0;
  } catch (error) {
    // A bad option or a refused import: the message says it all, the stack would only bury it.
    process.stderr.write(`bench ${name}: ${(error as Error).message}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
