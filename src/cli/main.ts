#!/usr/bin/env node
import { existsSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { exportLedger, EXPORT_FORMATS, type ExportFormat } from '../app/export-ledger.js';
import type { ImportOutcome, ImportProgress } from '../app/import-scenarios.js';
import { ledgerStatus } from '../app/ledger-status.js';
import { verifyLedger } from '../app/verify-ledger.js';
import { EXIT_CODE, StargateError, toStargateError } from '../errors.js';
import { ATTRIBUTION_POLICIES, type AttributionPolicy } from '../metrics/attribution.js';
import type { DecisionRule } from '../model/charter.js';
import { parseViewDate } from '../model/dates.js';
import { HUGE_PAGES_TUNABLE, hugePagesEnv, rerun } from '../platform/huge-pages.js';
import { readText } from '../platform/read-text.js';
import { sha256 } from '../platform/sha256.js';
import type { OverlayEntry } from '../planner/plan-overlay.js';
import type { LedgerStore } from '../store/ledger-store.js';
import {
  BUNDLED_PLANNING,
  BUNDLED_RISK_REFERENCE,
  BUNDLED_RISK_REFERENCE_NAME,
  BUNDLED_SCENARIO,
} from '../app/bundled-files.js';
import { formatHistory } from './format-history.js';
import { formatStatus } from './format-status.js';
import { formatSubject } from './format-subject.js';
import { serveCommand, type ServeOptions } from './serve-command.js';

function out(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}
function info(text: string): void {
  process.stderr.write(`${text}\n`);
}

function dbPath(command: Command): string {
  const opts = command.optsWithGlobals<{ db?: string }>();
  return opts.db ?? process.env.STARGATE_DB ?? './stargate.db';
}

// Modules that are slow to load (better-sqlite3, yaml, zod) are imported by the commands that need
// them, so that `status` does not pay for the importer's parser and schemas.
// Only the commands that write a ledger create its file: a read on a mistyped path says so, instead
// of answering from a new, empty ledger (and leaving that file behind).
async function withStore<T>(
  command: Command,
  work: (store: LedgerStore) => Promise<T>,
  options: { create?: boolean } = {},
): Promise<T> {
  const path = dbPath(command);
  if (!options.create && path !== ':memory:' && !existsSync(path))
    throw new StargateError(
      'not-found',
      `no ledger at ${path}: run \`stargate start\` to seed it with the bundled scenario, or \`stargate import FILE\` (or choose another with --db or STARGATE_DB)`,
    );
  const { SqliteLedgerStore } = await import('../store/sqlite/sqlite-ledger-store.js');
  const store = SqliteLedgerStore.open(path, { sha256 });
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

function viewDate(text: string | undefined, flag: string): string {
  if (text === undefined || text === 'today') return today();
  const day = parseViewDate(text);
  if (day === undefined)
    throw new StargateError(
      'usage',
      `${flag}: expected a date as YYYY-MM-DD, YYYY-MM or YYYY, got "${text}"`,
    );
  return day;
}

async function readInputs(files: readonly string[]): Promise<{ file: string; text: string }[]> {
  return Promise.all(
    files.map(async (file) => {
      try {
        return { file, text: await readText(file) };
      } catch (cause) {
        throw new StargateError('not-found', `${file}: cannot read: ${(cause as Error).message}`, {
          cause,
        });
      }
    }),
  );
}

async function reportImport(outcome: ImportOutcome): Promise<void> {
  if (!outcome.ok) {
    const { formatIssue } = await import('../app/scenario-file.js');
    for (const issue of outcome.issues) info(formatIssue(issue));
    throw new StargateError(
      'invalid-input',
      `import refused: ${outcome.issues.length} problem(s); nothing was written`,
    );
  }
  const { result } = outcome;
  const verb = outcome.dryRun ? 'would add' : 'added';
  out(
    `${outcome.files.join(', ')}: ${verb} ${result.added} record(s), ${result.skipped} already in the ledger` +
      `${outcome.dryRun ? ' (dry run: nothing written)' : ''}; ledger: ${result.records} records, head ${result.head.slice(0, 12)}…`,
  );
}

/** Progress on stderr, for imports big enough to take a while. */
function showProgress(progress: ImportProgress): void {
  switch (progress.phase) {
    case 'validated':
      return;
    case 'planned':
      if (progress.facts >= 50_000)
        info(
          `checked ${progress.facts.toLocaleString('en-US')} facts (${progress.ms} ms); writing…`,
        );
      return;
    case 'writing':
      info(
        `  ${progress.done.toLocaleString('en-US')} / ${progress.total.toLocaleString('en-US')} (${progress.ms} ms)`,
      );
      return;
    case 'written':
      if (progress.added >= 50_000)
        info(`wrote ${progress.added.toLocaleString('en-US')} records (${progress.ms} ms in all)`);
      return;
  }
}

/**
 * From this much input an import runs again with glibc's malloc on huge pages (see
 * platform/huge-pages.ts): below it, the second process start costs about as much as the page faults
 * it saves. STARGATE_HUGE_PAGES_FROM (bytes) changes it, for tests.
 */
const HUGE_PAGES_MIN_BYTES = 16 * 1024 * 1024;

/** The environment to run a large import again with, or undefined to run it here. */
function largeImportEnv(files: readonly string[]): NodeJS.ProcessEnv | undefined {
  const from = Number(process.env.STARGATE_HUGE_PAGES_FROM ?? HUGE_PAGES_MIN_BYTES);
  let bytes = 0;
  for (const file of files) {
    try {
      bytes += statSync(file).size;
    } catch {
      // Unreadable: reading it says why.
    }
  }
  return bytes >= from ? hugePagesEnv() : undefined;
}

async function runImport(
  command: Command,
  files: readonly string[],
  options: { dryRun?: boolean; by?: string },
): Promise<void> {
  const again = largeImportEnv(files);
  if (again !== undefined) {
    info(
      `large import: running again with GLIBC_TUNABLES=${HUGE_PAGES_TUNABLE} (fewer page faults; glibc.malloc.hugetlb=0 turns this off)`,
    );
    // A child that cannot start leaves the import to this process.
    const code = await rerun(again).catch(() => undefined);
    if (code !== undefined) process.exit(code);
  }
  const inputs = await readInputs(files);
  const { importScenarios } = await import('../app/import-scenarios.js');
  await withStore(
    command,
    async (store) => {
      const outcome = await importScenarios({
        store,
        files: inputs,
        sha256,
        recordedBy: options.by ?? process.env.STARGATE_USER ?? process.env.USER ?? 'stargate',
        recordedAt: new Date().toISOString(),
        dryRun: options.dryRun === true,
        onProgress: showProgress,
      });
      await reportImport(outcome);
    },
    { create: true },
  );
}

async function runStatus(
  command: Command,
  options: {
    asOf?: string;
    knownAt?: string;
    policy: AttributionPolicy;
    program?: string;
    json?: boolean;
    evidence?: boolean;
  },
): Promise<void> {
  const at = {
    asOf: viewDate(options.asOf, '--as-of'),
    knownAt: viewDate(options.knownAt, '--known-at'),
  };
  await withStore(command, async (store) => {
    const others = ATTRIBUTION_POLICIES.filter((p) => p !== options.policy);
    const views = await ledgerStatus({
      store,
      at,
      policies: options.json ? [options.policy] : [options.policy, ...others],
      program: options.program,
      // The table shows the records behind the funnel; JSON lists them per figure on request.
      evidence: options.json !== true || options.evidence === true,
    });
    out(options.json ? JSON.stringify(views[0], null, 2) : formatStatus(views));
  });
}

async function runDecisions(
  command: Command,
  options: {
    asOf?: string;
    knownAt?: string;
    policy: AttributionPolicy;
    program?: string;
    rule?: string;
    json?: boolean;
  },
): Promise<void> {
  const at = {
    asOf: viewDate(options.asOf, '--as-of'),
    knownAt: viewDate(options.knownAt, '--known-at'),
  };
  let rule: DecisionRule | undefined;
  if (options.rule !== undefined) {
    const { parseRuleText } = await import('../governance/rule-text.js');
    const parsed = parseRuleText(options.rule);
    if (!parsed.ok) throw new StargateError('usage', `--rule: ${parsed.message}`);
    rule = parsed.rule;
  }
  const { ledgerDecisions } = await import('../app/ledger-decisions.js');
  const { formatDecisions } = await import('./format-decisions.js');
  await withStore(command, async (store) => {
    const register = await ledgerDecisions({
      store,
      at,
      policy: options.policy,
      program: options.program,
      rule,
    });
    out(options.json ? JSON.stringify(register, null, 2) : formatDecisions(register));
  });
}

async function runClaims(
  command: Command,
  ids: readonly string[],
  options: { knownAt?: string; program?: string; json?: boolean },
): Promise<void> {
  const now = viewDate(options.knownAt, '--known-at');
  const { ledgerClaims } = await import('../app/ledger-claims.js');
  const { formatClaims } = await import('./format-claims.js');
  await withStore(command, async (store) => {
    const view = await ledgerClaims({
      store,
      now,
      policies: ATTRIBUTION_POLICIES,
      program: options.program,
      only: ids.length > 0 ? ids : undefined,
    });
    out(options.json ? JSON.stringify(view, null, 2) : formatClaims(view));
  });
}

/** `plan --runs` and `simulate --runs`: the stored runs, one line each, or as JSON. */
function printRuns<T>(options: {
  list: T[];
  json: boolean | undefined;
  what: string;
  line: (run: T) => string;
}): void {
  if (options.json) return out(JSON.stringify(options.list, null, 2));
  out(
    options.list.length === 0
      ? `no stored ${options.what} runs`
      : options.list.map(options.line).join('\n'),
  );
}

interface PlanCliOptions {
  scenario: string;
  asOf?: string;
  knownAt?: string;
  policy: AttributionPolicy;
  program?: string;
  set: string[];
  overlay?: string;
  compare?: string[];
  runs?: boolean;
  json?: boolean;
  timeLimit: string;
  gap: string;
  seed: string;
  threads: string;
  binding: boolean;
  save: boolean;
}

function numberOption(text: string, flag: string, check: (n: number) => boolean): number {
  const n = Number(text);
  if (!Number.isFinite(n) || !check(n))
    throw new StargateError('usage', `${flag}: got "${text}", which is not allowed here`);
  return n;
}

async function runPlan(command: Command, options: PlanCliOptions): Promise<void> {
  const at = {
    asOf: viewDate(options.asOf, '--as-of'),
    knownAt: viewDate(options.knownAt, '--known-at'),
  };
  const solverOptions = {
    timeLimitSeconds: numberOption(options.timeLimit, '--time-limit', (n) => n > 0),
    mipRelGap: numberOption(options.gap, '--gap', (n) => n >= 0 && n < 1),
    seed: numberOption(options.seed, '--seed', (n) => Number.isInteger(n) && n >= 0),
    threads: numberOption(
      options.threads,
      '--threads (the WebAssembly HiGHS build has one)',
      (n) => n === 1,
    ),
  };
  const { parseOverlayArgument } = await import('../planner/plan-overlay.js');
  const overlay: OverlayEntry[] = [];
  if (options.overlay !== undefined) {
    const [file] = await readInputs([options.overlay]);
    const { parse } = await import('yaml');
    const map = (
      file?.text.trim().startsWith('{') ? JSON.parse(file.text) : parse(file?.text ?? '')
    ) as unknown;
    if (map === null || typeof map !== 'object' || Array.isArray(map))
      throw new StargateError(
        'invalid-input',
        `${options.overlay}: expected a map of overlay keys to values`,
      );
    for (const [key, value] of Object.entries(map as Record<string, unknown>)) {
      if (!['string', 'number', 'boolean'].includes(typeof value))
        throw new StargateError(
          'invalid-input',
          `${options.overlay}: ${key}: expected a number, text or true/false`,
        );
      overlay.push({ key, value: value as string | number | boolean, from: options.overlay });
    }
  }
  for (const text of options.set) overlay.push(parseOverlayArgument(text));

  const { SqlitePlanRunStore } = await import('../store/sqlite/sqlite-plan-run-store.js');
  const { formatPlan, formatPlanComparison } = await import('./format-plan.js');
  await withStore(command, async (store) => {
    const runs = SqlitePlanRunStore.open(dbPath(command));
    try {
      if (options.runs)
        return printRuns({
          list: await runs.list(),
          json: options.json,
          what: 'plan',
          line: (r) =>
            `#${r.id}  ${r.createdAt}  ${r.program}  ${r.scenario}  as of ${r.asOf} known at ${r.knownAt}  ${r.status}  ${r.inputsHash.slice(0, 12)}`,
        });
      const { planBuildOut } = await import('../app/plan-build-out.js');
      const { WorkerSolver } = await import('../solver/worker-solver.js');
      const solver = await WorkerSolver.start();
      const controller = new AbortController();
      let interrupts = 0;
      const onInterrupt = () => {
        interrupts += 1;
        if (interrupts > 1) process.exit(130);
        info('stopping the solver (Ctrl-C again to quit at once)…');
        controller.abort();
      };
      process.on('SIGINT', onInterrupt);
      let lastLine = 0;
      const plan = async (scenario: string) => {
        const run = await planBuildOut({
          store,
          at,
          policy: options.policy,
          program: options.program,
          scenario,
          overlay,
          solver,
          solverOptions,
          binding: options.binding,
          sha256,
          createdAt: new Date().toISOString(),
          hooks: {
            signal: controller.signal,
            // Long solves show their progress: incumbent, bound and gap.
            onProgress: (p) => {
              if (p.seconds < 2 || p.seconds - lastLine < 2) return;
              lastLine = p.seconds;
              const money = (v: number | undefined) =>
                v === undefined ? '–' : `$${(v / 1e3).toFixed(1)}B`;
              info(
                `  ${p.seconds.toFixed(0)} s: incumbent ${money(p.incumbent)}, bound ${money(p.bound)}, gap ${p.gap === undefined ? '–' : `${(p.gap * 100).toFixed(2)}%`}`,
              );
            },
          },
        });
        if (options.save) {
          const { canonicalJson } = await import('../ledger/canonical-json.js');
          run.id = await runs.save(
            run,
            JSON.parse(canonicalJson({ scenario, overlay, at, policy: options.policy })),
          );
        }
        return run;
      };
      const resolve = async (ref: string) => {
        if (/^\d+$/.test(ref)) {
          const stored = await runs.get(Number(ref));
          if (!stored)
            throw new StargateError(
              'not-found',
              `no stored plan run ${ref} (see stargate plan --runs)`,
            );
          return stored;
        }
        return plan(ref);
      };
      try {
        if (options.compare !== undefined) {
          if (options.compare.length !== 2)
            throw new StargateError(
              'usage',
              `--compare takes two runs or scenarios, got ${options.compare.length}`,
            );
          const [a, b] = [
            await resolve(options.compare[0] as string),
            await resolve(options.compare[1] as string),
          ];
          out(options.json ? JSON.stringify({ a, b }, null, 2) : formatPlanComparison(a, b));
          return;
        }
        const run = await plan(options.scenario);
        out(options.json ? JSON.stringify(run, null, 2) : formatPlan(run));
        if (!run.plan)
          throw new StargateError(
            'invalid-input',
            `no plan: the solver ended "${run.solver.solverStatus}" (${run.solver.status})`,
          );
      } finally {
        process.off('SIGINT', onInterrupt);
        await solver.close();
      }
    } finally {
      await runs.close();
    }
  });
}

interface SimulateCliOptions {
  asOf?: string;
  knownAt?: string;
  program?: string;
  trials: string;
  seed: string;
  workers: string;
  tornadoTrials: string;
  plan?: string;
  set: string[];
  reference?: string;
  save: boolean;
  runs?: boolean;
  json?: boolean;
}

async function runSimulate(command: Command, options: SimulateCliOptions): Promise<void> {
  const at = {
    asOf: viewDate(options.asOf, '--as-of'),
    knownAt: viewDate(options.knownAt, '--known-at'),
  };
  const whole = (text: string, flag: string, min: number) =>
    numberOption(text, flag, (n) => Number.isInteger(n) && n >= min);
  const trials = whole(options.trials, '--trials (a whole number ≥ 1)', 1);
  const seed = numberOption(
    options.seed,
    '--seed',
    (n) => Number.isInteger(n) && n >= 0 && n <= 0xffffffff,
  );
  const workers = whole(options.workers, '--workers (≥ 1)', 1);
  const tornadoTrials = whole(options.tornadoTrials, '--tornado-trials (≥ 0)', 0);
  const { parseRiskSetting } = await import('../risk/risk-overlay.js');
  const settings = options.set.map((text) => parseRiskSetting(text));
  const referenceFile = options.reference ?? BUNDLED_RISK_REFERENCE;
  const [referenceText] = await readInputs([referenceFile]);
  const { readRiskReference } = await import('../app/risk-reference-file.js');
  const reference = {
    file: options.reference ?? BUNDLED_RISK_REFERENCE_NAME,
    sha256: sha256(referenceText?.text ?? ''),
    data: readRiskReference(referenceFile, referenceText?.text ?? ''),
  };
  const { SqliteRiskRunStore } = await import('../store/sqlite/sqlite-risk-run-store.js');
  const { formatRisk } = await import('./format-risk.js');
  await withStore(command, async (store) => {
    const runs = SqliteRiskRunStore.open(dbPath(command));
    try {
      if (options.runs)
        return printRuns({
          list: await runs.list(),
          json: options.json,
          what: 'risk',
          line: (r) =>
            `${r.id}  ${r.createdAt}  as of ${r.asOf}, known at ${r.knownAt}  ${r.trials} trials, seed ${r.seed}  result ${r.resultHash.slice(0, 12)}…`,
        });
      let plan;
      if (options.plan !== undefined) {
        const id = whole(options.plan, '--plan (a plan run id)', 1);
        const { SqlitePlanRunStore } = await import('../store/sqlite/sqlite-plan-run-store.js');
        const plans = SqlitePlanRunStore.open(dbPath(command));
        try {
          const run = await plans.get(id);
          if (!run) {
            const ids = (await plans.list()).map((r) => r.id);
            throw new StargateError(
              'not-found',
              `no plan run ${id} (stored: ${ids.join(', ') || 'none'}; see stargate plan --runs)`,
            );
          }
          if (!run.plan)
            throw new StargateError(
              'invalid-input',
              `plan run ${id} has no plan (solver status ${run.solver.status})`,
            );
          plan = { id, builds: run.plan.builds, leases: run.plan.leases };
        } finally {
          await plans.close();
        }
      }
      const { RiskPool } = await import('../app/risk-pool.js');
      const { simulateRisk } = await import('../app/simulate-risk.js');
      const pool = RiskPool.start(workers);
      const onInterrupt = () => {
        info('stopping…');
        pool.stop();
      };
      process.once('SIGINT', onInterrupt);
      let lastShown = 0;
      try {
        const run = await simulateRisk({
          store,
          at,
          program: options.program,
          reference,
          settings,
          seed,
          trials,
          tornadoTrials,
          plan,
          pool,
          sha256,
          createdAt: new Date().toISOString(),
          onProgress: (p) => {
            if (p.ms - lastShown < 1000 && p.done < p.total) return;
            lastShown = p.ms;
            if (p.phase === 'trials') {
              const rate = p.done / Math.max(1, p.ms / 1000);
              const eta = (p.total - p.done) / Math.max(1, rate);
              info(
                `  ${p.done.toLocaleString('en-US')} / ${p.total.toLocaleString('en-US')} trials (${Math.round(rate).toLocaleString('en-US')}/s, ETA ${eta.toFixed(0)} s)`,
              );
            } else info(`  sensitivity: ${p.done} / ${p.total} driver ends`);
          },
        });
        if (options.save) run.id = await runs.save(run);
        out(options.json ? JSON.stringify(run, null, 2) : formatRisk(run));
      } finally {
        process.off('SIGINT', onInterrupt);
        await pool.close();
      }
    } finally {
      await runs.close();
    }
  });
}

export function buildProgram(): Command {
  const program = new Command('stargate')
    .description('A sourced, bitemporal ledger of a multi-party AI-infrastructure program.')
    .version('0.1.0')
    .option('--db <path>', 'the SQLite ledger file (env STARGATE_DB; default ./stargate.db)')
    .showHelpAfterError()
    .exitOverride();

  program
    .command('init')
    .description('create (or migrate) the ledger file')
    .action(async (_opts, command: Command) => {
      await withStore(
        command,
        async (store) => {
          const stats = await store.stats();
          out(`ledger ready at ${store.location}: ${stats.records} records`);
        },
        { create: true },
      );
    });

  program
    .command('import')
    .description('import scenario files (YAML or JSON) as one all-or-nothing transaction')
    .argument('<files...>', 'scenario files')
    .option('--dry-run', 'validate and report what would be added; write nothing')
    .option('--by <name>', 'who records this import (default: $STARGATE_USER or $USER)')
    .action(async (files: string[], options: { dryRun?: boolean; by?: string }, command: Command) =>
      runImport(command, files, options),
    );

  program
    .command('status')
    .description('pledges, progress and the capacity funnel at a date, as known at a date')
    .option('--as-of <date>', 'valid time V: what held on this day (default today)')
    .option('--known-at <date>', 'known time K: what was known on this day (default today)')
    .addOption(
      new Option('--policy <policy>', 'attribution policy')
        .choices(ATTRIBUTION_POLICIES)
        .default('venture'),
    )
    .option('--program <id>', 'the program, when the ledger holds several')
    .option('--json', 'print the stable JSON report')
    .option('--evidence', 'with --json: list the records and subjects behind every figure')
    .action(async (options: Parameters<typeof runStatus>[1], command: Command) =>
      runStatus(command, options),
    );

  program
    .command('decisions')
    .description(
      'open and resolved decisions: rule, positions, deadlock, age, and what waits on each',
    )
    .option('--as-of <date>', 'valid time V (default today)')
    .option('--known-at <date>', 'known time K (default today)')
    .addOption(
      new Option('--policy <policy>', 'attribution policy for what blocked pledges still lack')
        .choices(ATTRIBUTION_POLICIES)
        .default('venture'),
    )
    .option('--program <id>', 'the program, when the ledger holds several')
    .option(
      '--rule <rule>',
      'what-if: judge every decision by this rule, e.g. majority, majority,basis=equity, supermajority,threshold=0.75, unanimity,voters=leads',
    )
    .option('--json', 'print the register as JSON')
    .action(async (options: Parameters<typeof runDecisions>[1], command: Command) =>
      runDecisions(command, options),
    );

  program
    .command('claims')
    .description(
      'public statements checked against the ledger, on the day they were made and as known now',
    )
    .argument('[claims...]', 'only these claims (default: all)')
    .option('--known-at <date>', 'what "now" is for the hindsight review (default today)')
    .option('--program <id>', 'the program, when the ledger holds several')
    .option('--json', 'print ClaimReview-shaped JSON with the say–do gap')
    .action(
      async (
        ids: string[],
        options: { knownAt?: string; program?: string; json?: boolean },
        command: Command,
      ) => runClaims(command, ids, options),
    );

  program
    .command('simulate')
    .description(
      'Monte Carlo of the pipeline: P(each pledge met), P10/P50/P90 dates, MW by quarter, the drivers that matter',
    )
    .option('--as-of <date>', 'valid time V: the day the simulation starts (default today)')
    .option('--known-at <date>', 'known time K (default today)')
    .option('--program <id>', 'the program, when the ledger holds several')
    .option('--trials <n>', 'trials', '20000')
    .option('--seed <n>', 'seed: the same seed and inputs give the same result', '1')
    .option('--workers <n>', 'worker threads (the result does not depend on it)', '2')
    .option('--tornado-trials <n>', 'trials per driver end of the sensitivity (0: none)', '5000')
    .option('--plan <run>', 'add the builds and leases of a stored plan run (stargate plan --runs)')
    .option(
      '--set <key=value>',
      'what-if, repeatable: stage.construction.scale=0.8, shock.supply.strength=0, decision.site-selection.resolves=2026-01-01, decisions=none',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option('--reference <file>', 'reference data (default scenarios/risk-reference.yaml)')
    .option('--no-save', 'do not store the run')
    .option('--runs', 'list the stored risk runs')
    .option('--json', 'print the run as JSON (stargate-risk/v1)')
    .action(async (options: SimulateCliOptions, command: Command) => runSimulate(command, options));

  program
    .command('history')
    .description('every record about a subject, with its source')
    .argument('<subject>', 'a subject id')
    .option('--json', 'print the records as JSON')
    .action(async (subject: string, options: { json?: boolean }, command: Command) => {
      await withStore(command, async (store) => {
        const records = await store.history(subject);
        if (records.length === 0)
          throw new StargateError(
            'not-found',
            `no records about "${subject}" in ${store.location}`,
          );
        if (options.json) return out(JSON.stringify(records, null, 2));
        const titles = new Map<string, string>();
        for (const source of new Set(records.map((r) => r.source))) {
          const [created] = await store.history(source);
          const p = created?.payload ?? {};
          titles.set(
            source,
            [p.title, p.publisher, created?.validText, p.kind].filter(Boolean).join(' · '),
          );
        }
        out(formatHistory(subject, records, titles));
      });
    });

  program
    .command('show')
    .description(
      'one subject as of a date, as known at a date: each field with its record and source',
    )
    .argument('<subject>', 'a subject id')
    .option('--as-of <date>', 'valid time V (default today)')
    .option('--known-at <date>', 'known time K (default today)')
    .option('--json', 'print the state as JSON')
    .action(
      async (
        subject: string,
        options: { asOf?: string; knownAt?: string; json?: boolean },
        command: Command,
      ) => {
        const at = {
          asOf: viewDate(options.asOf, '--as-of'),
          knownAt: viewDate(options.knownAt, '--known-at'),
        };
        await withStore(command, async (store) => {
          const [state] = await store.statesAt(at, [subject]);
          if (!state)
            throw new StargateError(
              'not-found',
              `no subject "${subject}" as of ${at.asOf}, known at ${at.knownAt}`,
            );
          out(options.json ? JSON.stringify(state, null, 2) : formatSubject(state, at));
        });
      },
    );

  program
    .command('verify')
    .description('walk the hash chain and check the derived tables; exit 1 at the first bad record')
    .action(async (_opts, command: Command) => {
      await withStore(command, async (store) => {
        const result = await verifyLedger({ store, sha256 });
        if (!result.chain.ok) {
          const c = result.chain;
          throw new StargateError(
            'integrity',
            `record ${c.seq} (${c.subject}): ${c.problem}; ${c.records} record(s) before it verified`,
          );
        }
        if (result.derived.length > 0)
          throw new StargateError('integrity', `derived tables: ${result.derived.join('; ')}`);
        out(`ok: ${result.chain.records} records verified; head ${result.chain.head}`);
      });
    });

  program
    .command('export')
    .description('write every record to stdout, in seq order')
    .addOption(
      new Option('--format <format>', 'output format').choices(EXPORT_FORMATS).default('json'),
    )
    .action(async (options: { format: ExportFormat }, command: Command) => {
      await withStore(command, async (store) => {
        for await (const chunk of exportLedger(store, options.format)) {
          if (!process.stdout.write(chunk))
            await new Promise((resolve) => process.stdout.once('drain', resolve));
        }
      });
    });

  program
    .command('schema')
    .description('print the JSON Schema of the scenario file format (stargate/v1)')
    .action(async () => {
      const { scenarioJsonSchema } = await import('../model/scenario.js');
      out(JSON.stringify(scenarioJsonSchema(), null, 2));
    });

  program
    .command('plan')
    .description(
      'plan the build-out to the target: which sites, when, at what cost, funded by whom (a MILP solved by HiGHS)',
    )
    .option('--scenario <name>', 'base, or a shipped what-if (plan_scenarios)', 'base')
    .option('--as-of <date>', 'valid time V (default today)')
    .option('--known-at <date>', 'known time K (default today)')
    .addOption(
      new Option('--policy <policy>', 'which existing capacity counts')
        .choices(ATTRIBUTION_POLICIES)
        .default('venture'),
    )
    .option('--program <id>', 'the program, when the ledger holds several')
    .option(
      '--set <key=value>',
      'override an input, e.g. lease.oracle.max_mw=0 (repeatable)',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option(
      '--overlay <file>',
      'a YAML or JSON map of overlay keys to values, applied before --set',
    )
    .option('--compare <runs...>', 'two stored run ids or scenario names, side by side')
    .option('--runs', 'list the stored plan runs')
    .option('--json', 'print the stable JSON (stargate-plan/v1)')
    .option('--time-limit <seconds>', 'solver time limit per solve', '60')
    .option('--gap <relative>', 'relative MIP gap to stop at', '0.0001')
    .option('--seed <n>', "the solver's random seed", '0')
    .option('--threads <n>', 'solver threads (the WebAssembly HiGHS build has one)', '1')
    .option('--no-binding', 'skip ranking the binding limits (one re-solve per limit)')
    .option('--no-save', 'do not store the run')
    .action(async (options: PlanCliOptions, command: Command) => runPlan(command, options));

  program
    .command('serve')
    .description('serve the HTTP API (OpenAPI at /openapi.json, docs at /docs) and the dashboard')
    .option('--port <port>', 'port to listen on (0: any free port)', '8080')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--read-only', 'refuse imports and runs (403): for a server others can reach')
    .action(async (options: ServeOptions, command: Command) =>
      serveCommand({ ...options, db: dbPath(command) }),
    );

  program
    .command('start')
    .description(
      'seed an empty ledger with the bundled Stargate scenario (and its planning inputs), print its status, then serve the dashboard',
    )
    .option('--no-serve', 'print the status and exit (also: STARGATE_NO_SERVE=1)')
    .option('--port <port>', 'port for the dashboard', '8080')
    .option('--host <host>', 'address for the dashboard', '127.0.0.1')
    .option('--read-only', 'serve without imports and runs (403)')
    .action(async (options: ServeOptions & { serve: boolean }, command: Command) => {
      await withStore(
        command,
        async (store) => {
          if ((await store.stats()).records === 0) {
            info(
              `seeding ${store.location} with ${basename(BUNDLED_SCENARIO)} and ${basename(BUNDLED_PLANNING)}…`,
            );
            const { importScenarios } = await import('../app/import-scenarios.js');
            const outcome = await importScenarios({
              store,
              files: await readInputs([BUNDLED_SCENARIO, BUNDLED_PLANNING]),
              sha256,
              recordedBy: 'stargate start',
              recordedAt: new Date().toISOString(),
            });
            await reportImport(outcome);
          }
        },
        { create: true },
      );
      await runStatus(command, { policy: 'venture' });
      if (options.serve && !process.env.STARGATE_NO_SERVE)
        await serveCommand({
          port: options.port,
          host: options.host,
          readOnly: options.readOnly === true,
          db: dbPath(command),
        });
    });

  return program;
}

/** The one top-level handler: errors become a message on stderr and an exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv as string[], { from: 'user' });
    return 0;
  } catch (thrown) {
    if (thrown instanceof CommanderError) {
      if (
        thrown.code === 'commander.helpDisplayed' ||
        thrown.code === 'commander.version' ||
        thrown.exitCode === 0
      )
        return 0;
      return EXIT_CODE.usage; // commander already printed the message
    }
    const error = toStargateError(thrown);
    info(`stargate: ${error.message}`);
    if (error.code === 'internal' && error.cause instanceof Error && error.cause.stack)
      info(error.cause.stack);
    return EXIT_CODE[error.code];
  }
}

// A reader that stops early (`stargate export | head`) closes the pipe, and the next write fails
// with EPIPE. Stop quietly with the status of a process killed by SIGPIPE (128 + 13), as `cat` or
// `git log` would end, instead of dying on an unhandled 'error' event with a stack trace. Not 0: the
// command may have been cut short (a simulation whose progress went to the closed pipe is not
// stored), and a script with `set -o pipefail` should see that.
const EXIT_SIGPIPE = 141;
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(EXIT_SIGPIPE);
    throw error;
  });
process.exitCode = await main(process.argv.slice(2));
