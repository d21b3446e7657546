#!/usr/bin/env node
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, Option } from 'commander';
import { exportLedger, EXPORT_FORMATS, type ExportFormat } from '../app/export-ledger.js';
import type { ImportOutcome, ImportProgress } from '../app/import-scenarios.js';
import { ledgerStatus } from '../app/ledger-status.js';
import { verifyLedger } from '../app/verify-ledger.js';
import { EXIT_CODE, StargateError, toStargateError } from '../errors.js';
import { ATTRIBUTION_POLICIES, type AttributionPolicy } from '../metrics/attribution.js';
import type { DecisionRule } from '../model/charter.js';
import { parseViewDate } from '../model/dates.js';
import { sha256 } from '../platform/sha256.js';
import type { LedgerStore } from '../store/ledger-store.js';
import { formatHistory } from './format-history.js';
import { formatStatus } from './format-status.js';
import { formatSubject } from './format-subject.js';
import { serveCommand, type ServeOptions } from './serve-command.js';

const BUNDLED_SCENARIO = fileURLToPath(new URL('../../scenarios/stargate.yaml', import.meta.url));

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
async function withStore<T>(
  command: Command,
  work: (store: LedgerStore) => Promise<T>,
): Promise<T> {
  const { SqliteLedgerStore } = await import('../store/sqlite/sqlite-ledger-store.js');
  const store = SqliteLedgerStore.open(dbPath(command), { sha256 });
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
        return { file, text: await readFile(file, 'utf8') };
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

async function runImport(
  command: Command,
  files: readonly string[],
  options: { dryRun?: boolean; by?: string },
): Promise<void> {
  const inputs = await readInputs(files);
  const { importScenarios } = await import('../app/import-scenarios.js');
  await withStore(command, async (store) => {
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
  });
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
      await withStore(command, async (store) => {
        const stats = await store.stats();
        out(`ledger ready at ${store.location}: ${stats.records} records`);
      });
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
    .command('serve')
    .description('serve the HTTP API (OpenAPI at /openapi.json, docs at /docs) and the dashboard')
    .option('--port <port>', 'port to listen on (0: any free port)', '8080')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .action(async (options: ServeOptions, command: Command) =>
      serveCommand({ ...options, db: dbPath(command) }),
    );

  program
    .command('start')
    .description(
      'seed an empty ledger with the bundled Stargate scenario, print its status, then serve the dashboard',
    )
    .option('--no-serve', 'print the status and exit (also: STARGATE_NO_SERVE=1)')
    .option('--port <port>', 'port for the dashboard', '8080')
    .option('--host <host>', 'address for the dashboard', '127.0.0.1')
    .action(async (options: ServeOptions & { serve: boolean }, command: Command) => {
      await withStore(command, async (store) => {
        if ((await store.stats()).records === 0) {
          info(`seeding ${store.location} with ${basename(BUNDLED_SCENARIO)}…`);
          const { importScenarios } = await import('../app/import-scenarios.js');
          const outcome = await importScenarios({
            store,
            files: await readInputs([BUNDLED_SCENARIO]),
            sha256,
            recordedBy: 'stargate start',
            recordedAt: new Date().toISOString(),
          });
          await reportImport(outcome);
        }
      });
      await runStatus(command, { policy: 'venture' });
      if (options.serve && !process.env.STARGATE_NO_SERVE)
        await serveCommand({ port: options.port, host: options.host, db: dbPath(command) });
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

process.exitCode = await main(process.argv.slice(2));
