/**
 * The ledger benchmark: generate a program of N records (default 1,000,000) as a stargate/v1 JSON
 * scenario, import it into a fresh SQLite ledger with the app's own functions and with the CLI, time
 * `status` in the middle and at the end of the data, then an incremental import and its idempotent
 * repeat. Prints a table and compares it against the targets. Reproducible: a seeded PRNG.
 */
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import type { z } from 'zod';
import { importScenarios } from '../src/app/import-scenarios.js';
import { ledgerStatus } from '../src/app/ledger-status.js';
import { readScenarioFile } from '../src/app/scenario-file.js';
import { mentionedIds, planFacts, type ScenarioDocument } from '../src/ledger/plan-facts.js';
import type { ViewPoint } from '../src/ledger/subject-state.js';
import { FACILITY_STATUSES, type FacilityStatus } from '../src/model/facility.js';
import type { GRID_REGIONS } from '../src/model/site.js';
import type { Scenario } from '../src/model/scenario.js';
import type { Update } from '../src/model/update.js';
import {
  HUGE_PAGES_TUNABLE,
  hugePagesEnv,
  kernelThpMode,
  rerun,
} from '../src/platform/huge-pages.js';
import { readText } from '../src/platform/read-text.js';
import { sha256 } from '../src/platform/sha256.js';
import { SqliteLedgerStore } from '../src/store/sqlite/sqlite-ledger-store.js';
import { mulberry32 } from '../src/seeded-random.js';

const TARGET_RECORDS_PER_SEC = 100_000;
const TARGET_STATUS_MS = 250;
const STATUS_RUNS = 7;
const CLI_STATUS_RUNS = 3;

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const DEFAULT_OUT = join(ROOT, 'bench', 'out');

/** (V, K) in the middle of the generated data and at its end. */
const VIEW_POINTS: { label: string; at: ViewPoint }[] = [
  { label: 'middle', at: { asOf: '2027-06-30', knownAt: '2027-06-30' } },
  { label: 'end', at: { asOf: '2029-12-31', knownAt: '2029-12-31' } },
];

type ScenarioInput = z.input<typeof Scenario>;
type UpdateInput = z.input<typeof Update>;

// ---------------------------------------------------------------------------------------------
// Options

interface BenchOptions {
  records: number;
  seed: number;
  out: string;
  cli: boolean;
  keep: boolean;
  /** Imports of the main file, in-process and with the CLI each; the median is reported. */
  runs: number;
}

function parseOptions(args: string[]): BenchOptions {
  const { values } = parseArgs({
    args,
    options: {
      records: { type: 'string' },
      seed: { type: 'string' },
      out: { type: 'string' },
      'no-cli': { type: 'boolean' },
      keep: { type: 'boolean' },
      runs: { type: 'string' },
    },
    strict: true,
  });
  const recordsText = values.records ?? process.env.BENCH_RECORDS ?? '1000000';
  const records = Number(recordsText.replace(/_/g, ''));
  // Below ~10,000 records there are fewer than 100 facilities and the figures mean little.
  if (!Number.isInteger(records) || records < 10_000)
    throw new Error(`--records: expected an integer ≥ 10000, got "${recordsText}"`);
  const seed = Number(values.seed ?? 20250121);
  if (!Number.isInteger(seed)) throw new Error(`--seed: expected an integer, got "${values.seed}"`);
  const runs = Number(values.runs ?? 3);
  if (!Number.isInteger(runs) || runs < 1)
    throw new Error(`--runs: expected an integer ≥ 1, got "${values.runs}"`);
  return {
    runs,
    records,
    seed,
    out: values.out ?? DEFAULT_OUT,
    cli: values['no-cli'] !== true,
    keep: values.keep === true,
  };
}

// ---------------------------------------------------------------------------------------------
// Deterministic generation

type Rng = () => number;

function pick<T>(rng: Rng, list: readonly T[]): T {
  return list[Math.floor(rng() * list.length)] as T;
}

const EPOCH = Date.UTC(2025, 0, 1);
const DAY_MS = 86_400_000;
/** Day index of 2029-12-31, the last day the main file's updates may fall on. */
const LAST_DAY = (Date.UTC(2029, 11, 31) - EPOCH) / DAY_MS;
const DAY_TEXT: string[] = [];
/** ISO text of a day index (memoised: a million updates share ~2,000 distinct days). */
function isoDay(day: number): string {
  return (DAY_TEXT[day] ??= new Date(EPOCH + day * DAY_MS).toISOString().slice(0, 10));
}
/** One source per month, published on its first day, so any update dated in that month may cite it. */
function monthSource(day: number): string {
  return `src-${isoDay(day).slice(0, 7)}`;
}

const LIFECYCLE: readonly FacilityStatus[] = FACILITY_STATUSES.filter((s) => s !== 'cancelled');
const MEMBERS = ['alpha', 'beta', 'gamma', 'delta'] as const;
const OUTSIDERS = ['epsilon', 'zeta'] as const;
/** Two-letter state and its grid region, so pledges and views can filter by either. */
const STATES: readonly [string, (typeof GRID_REGIONS)[number]][] = [
  ['TX', 'ERCOT'],
  ['OH', 'PJM'],
  ['VA', 'PJM'],
  ['PA', 'PJM'],
  ['IL', 'MISO'],
  ['MI', 'MISO'],
  ['MN', 'MISO'],
  ['OK', 'SPP'],
  ['KS', 'SPP'],
  ['CA', 'CAISO'],
  ['NY', 'NYISO'],
  ['MA', 'ISO-NE'],
  ['AZ', 'Southwest'],
  ['NM', 'Southwest'],
  ['OR', 'Northwest'],
  ['WA', 'Northwest'],
  ['GA', 'Southeast'],
  ['NC', 'Southeast'],
  ['TN', 'Southeast'],
  ['WY', 'other'],
];
const SITES = 100;
const SOURCE_KINDS = ['company-statement', 'press-report', 'regulator-filing'] as const;

interface Shape {
  records: number;
  facilities: number;
  updates: number;
}

/** Everything but the facilities and updates: sources, parties, the program, pledges, sites. */
function fixedSections(facilities: number): Omit<ScenarioInput, 'facilities' | 'updates'> {
  const sources: NonNullable<ScenarioInput['sources']> = [];
  for (let day = 0; day <= LAST_DAY; day += 1) {
    const text = isoDay(day);
    if (!text.endsWith('-01')) continue;
    const kind = SOURCE_KINDS[
      sources.length % SOURCE_KINDS.length
    ] as (typeof SOURCE_KINDS)[number];
    sources.push({
      id: monthSource(day),
      publisher: 'Bench Wire',
      published: text,
      kind,
      title: `Monthly report ${text.slice(0, 7)}`,
    });
  }
  const src = 'src-2025-01';
  const company = (id: string) => ({
    id,
    name: id[0]?.toUpperCase() + id.slice(1),
    kind: 'company' as const,
    country: 'US',
    source: src,
  });
  return {
    format: 'stargate/v1',
    title: `Benchmark program (${facilities} facilities)`,
    sources,
    parties: [
      { id: 'bench-venture', name: 'Bench Venture', kind: 'venture', source: src },
      ...[...MEMBERS, ...OUTSIDERS].map(company),
    ],
    programs: [
      {
        id: 'bench',
        name: 'Bench',
        announced: '2025-01-01',
        entity: 'bench-venture',
        source: src,
        members: [
          { party: 'alpha', roles: ['financier', 'equity-funder'], lead: true, equity: 0.4 },
          { party: 'beta', roles: ['operator', 'equity-funder'], lead: true, equity: 0.4 },
          { party: 'gamma', roles: ['technology'] },
          { party: 'delta', roles: ['energy'] },
        ],
      },
    ],
    pledges: [
      {
        id: 'bench-capacity',
        program: 'bench',
        by: ['alpha', 'beta'],
        metric: 'capacity_mw',
        target: facilities * 250,
        deadline: 2029,
        made: '2025-01-01',
        source: src,
      },
      {
        id: 'bench-capital',
        program: 'bench',
        by: [...MEMBERS],
        metric: 'capital_usd',
        target: facilities * 1e9,
        deadline: 2029,
        made: '2025-01-01',
        counts_at: 'committed',
        source: src,
      },
      {
        id: 'bench-jobs',
        program: 'bench',
        by: ['alpha', 'beta'],
        metric: 'jobs',
        target: facilities * 300,
        deadline: 2029,
        made: '2025-01-01',
        source: src,
      },
      {
        id: 'bench-sites-tx',
        program: 'bench',
        by: ['alpha'],
        metric: 'sites',
        target: 5,
        deadline: 2028,
        made: '2025-01-01',
        where: { state: 'TX' },
        source: src,
      },
    ],
    sites: Array.from({ length: SITES }, (_, i) => {
      const [state, grid_region] = STATES[i % STATES.length] as (typeof STATES)[number];
      return {
        id: `site-${String(i + 1).padStart(3, '0')}`,
        name: `Campus ${i + 1}`,
        state,
        grid_region,
        source: src,
      };
    }),
  };
}

/** Split N records into facilities (~1 per 100 records) and updates (the rest). */
function shapeFor(records: number): Shape {
  const facilities = Math.max(1, Math.round(records / 100));
  const fixed = fixedSections(facilities);
  const creates = [fixed.sources, fixed.parties, fixed.programs, fixed.pledges, fixed.sites].reduce(
    (n, list) => n + (list?.length ?? 0),
    0,
  );
  return { records, facilities, updates: records - creates - facilities };
}

interface FacilityDraft {
  index: number;
  id: string;
  announcedDay: number;
  updates: number;
  mw: number;
}

function facilityId(index: number): string {
  return `fac-${String(index + 1).padStart(6, '0')}`;
}

function facilityRecord(
  rng: Rng,
  draft: FacilityDraft,
): NonNullable<ScenarioInput['facilities']>[number] {
  const member = rng() < 0.9;
  return {
    id: draft.id,
    site: `site-${String(1 + Math.floor(rng() * SITES)).padStart(3, '0')}`,
    announced: isoDay(draft.announcedDay),
    status: 'announced',
    capacity_mw: draft.mw,
    venture_party: rng() < 0.5,
    claimed_for: 'bench',
    claimed_by: member ? pick(rng, MEMBERS) : pick(rng, OUTSIDERS),
    source: monthSource(draft.announcedDay),
  };
}

/**
 * Update indices at which the facility moves one step along the lifecycle: `steps` of them, spread
 * over the first 30–100% of its updates (fast and slow builders), one in each equal slice after the
 * first, so they are distinct and in order.
 */
function transitionIndices(rng: Rng, updates: number, steps: number): Set<number> {
  const horizon = Math.floor(updates * (0.3 + 0.7 * rng()));
  const width = Math.floor(horizon / (steps + 1));
  const at = new Set<number>();
  for (let k = 1; k <= steps && width > 0; k += 1) at.add(k * width + Math.floor(rng() * width));
  return at;
}

/** The running figures of one facility, changed a little by each update. */
class FacilityFigures {
  stage = 0;
  committed = 0;
  spent = 0;
  jobs = 0;
  constructor(
    readonly rng: Rng,
    public mw: number,
  ) {}

  /** One non-status field, changed plausibly: money only grows, spending stays under commitments. */
  change(set: Record<string, unknown>): void {
    const rng = this.rng;
    switch (Math.floor(rng() * 4)) {
      case 0:
        this.mw = Math.max(5, Math.round(this.mw * (0.9 + rng() * 0.25)));
        set.capacity_mw = this.mw;
        break;
      case 1:
        this.committed += Math.round(rng() * 100) * 1e6;
        set.committed_usd = this.committed;
        break;
      case 2:
        this.spent = Math.min(this.committed, this.spent + Math.round(rng() * 60) * 1e6);
        set.spent_usd = this.spent;
        break;
      default:
        this.jobs = Math.max(0, this.jobs + Math.round(rng() * 120) - 20 + this.stage * 10);
        set.jobs = this.jobs;
    }
  }
}

/**
 * A facility's updates, each on a distinct day after its announcement (the importer refuses updates
 * dated before their subject; equal days would collide when their content matches). The facility
 * advances 1–6 lifecycle steps (3% are cancelled instead of taking their last step).
 */
function facilityUpdates(
  rng: Rng,
  draft: FacilityDraft,
  emit: (day: number, update: UpdateInput) => void,
): void {
  const span = LAST_DAY - draft.announcedDay;
  if (draft.updates > span) throw new Error(`${draft.updates} updates do not fit in ${span} days`);
  const width = Math.floor(span / draft.updates);
  const steps = 1 + Math.floor(rng() * (LIFECYCLE.length - 1));
  const cancels = rng() < 0.03;
  const transitions = transitionIndices(rng, draft.updates, steps);
  const figures = new FacilityFigures(rng, draft.mw);
  for (let i = 0; i < draft.updates; i += 1) {
    const day = draft.announcedDay + 1 + i * width + Math.floor(rng() * width);
    const set: Record<string, unknown> = {};
    if (transitions.has(i)) {
      figures.stage += 1;
      set.status = cancels && figures.stage === steps ? 'cancelled' : LIFECYCLE[figures.stage];
      if (rng() < 0.5) figures.change(set);
    } else figures.change(set);
    const at = isoDay(day);
    // known = at: each fact becomes known the day it happens, so (V, K) views are genuinely bitemporal.
    emit(day, { subject: draft.id, at, known: at, source: monthSource(day), set });
  }
}

/** Writes JSON text to a file in large chunks, so a 200 MB scenario never sits in one string. */
class ChunkWriter {
  readonly #fd: number;
  #parts: string[] = [];
  #size = 0;
  bytes = 0;
  constructor(path: string) {
    this.#fd = openSync(path, 'w');
  }
  write(text: string): void {
    this.#parts.push(text);
    this.#size += text.length;
    if (this.#size > 8_000_000) this.flush();
  }
  flush(): void {
    const chunk = this.#parts.join('');
    this.bytes += writeSync(this.#fd, chunk);
    this.#parts = [];
    this.#size = 0;
  }
  close(): void {
    this.flush();
    closeSync(this.#fd);
  }
}

/**
 * Write the main scenario. Updates are emitted in date order across all facilities, as a real feed
 * would deliver them, so appends interleave subjects (the harder case for the cells B-tree).
 */
function writeMainScenario(path: string, shape: Shape, seed: number): number {
  const rng = mulberry32(seed);
  const drafts: FacilityDraft[] = Array.from({ length: shape.facilities }, (_, index) => ({
    index,
    id: facilityId(index),
    announcedDay: Math.floor(rng() * 365),
    updates:
      Math.floor(shape.updates / shape.facilities) +
      (index < shape.updates % shape.facilities ? 1 : 0),
    mw: 20 + Math.round(rng() * 480),
  }));
  const head = {
    ...fixedSections(shape.facilities),
    facilities: drafts.map((d) => facilityRecord(rng, d)),
  };
  const byDay: string[][] = Array.from({ length: LAST_DAY + 1 }, () => []);
  for (const draft of drafts)
    facilityUpdates(rng, draft, (day, update) =>
      (byDay[day] as string[]).push(JSON.stringify(update)),
    );

  const out = new ChunkWriter(path);
  out.write(`${JSON.stringify(head).slice(0, -1)},"updates":[\n`);
  let first = true;
  for (const lines of byDay) {
    for (const line of lines) {
      out.write(first ? line : `,\n${line}`);
      first = false;
    }
  }
  out.write('\n]}\n');
  out.close();
  return out.bytes;
}

/** The incremental file: a new source and one update per facility in Q1 2030 (10,000 at 1M records). */
function writeIncrementalScenario(path: string, shape: Shape, seed: number): void {
  const rng = mulberry32(seed ^ 0x9e3779b9);
  const source = 'src-2030-01';
  const updates: UpdateInput[] = Array.from({ length: shape.facilities }, (_, i) => {
    const at = isoDay(LAST_DAY + 1 + (i % 90));
    return {
      subject: facilityId(i),
      at,
      known: at,
      source,
      set: { capacity_mw: 20 + Math.round(rng() * 600), jobs: Math.round(rng() * 2000) },
    };
  });
  const scenario: ScenarioInput = {
    format: 'stargate/v1',
    title: 'Benchmark program, Q1 2030 updates',
    sources: [
      { id: source, publisher: 'Bench Wire', published: '2030-01-01', kind: 'press-report' },
    ],
    updates,
  };
  writeFileSync(path, JSON.stringify(scenario));
}

// ---------------------------------------------------------------------------------------------
// Measuring

async function timed<T>(work: () => T | Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function collectGarbage(): void {
  // Only with NODE_OPTIONS=--expose-gc: keeps one import's garbage from being collected in the next.
  (globalThis as { gc?: () => void }).gc?.();
}

function removeDb(path: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
}

function freshStore(path: string): SqliteLedgerStore {
  removeDb(path);
  return SqliteLedgerStore.open(path, { sha256 });
}

const RECORDING = { recordedBy: 'bench', recordedAt: '2030-06-30T00:00:00.000Z' };

interface Phases {
  readFile: number;
  jsonParse: number;
  parseAndValidate: number;
  lookup: number;
  plan: number;
  append: number;
  total: number;
  added: number;
}

/** The steps of importScenarios, one by one, so each can be timed; JSON.parse alone is timed on the side. */
async function importByPhases(file: string, dbPath: string): Promise<Phases> {
  const store = freshStore(dbPath);
  try {
    const read = await timed(() => readText(file));
    const jsonParse = await timed(() => void JSON.parse(read.value));
    const validated = await timed(() => readScenarioFile(file, read.value));
    if (!validated.value.ok)
      throw new Error(
        `generated scenario refused: ${JSON.stringify(validated.value.issues.slice(0, 5))}`,
      );
    const documents: ScenarioDocument[] = [{ file, scenario: validated.value.scenario }];
    const lookup = await timed(() => store.findSubjects(mentionedIds(documents)));
    const plan = await timed(() => planFacts({ documents, existing: lookup.value, sha256 }));
    if (!plan.value.ok)
      throw new Error(
        `generated scenario refused: ${JSON.stringify(plan.value.issues.slice(0, 5))}`,
      );
    const facts = plan.value.facts;
    const append = await timed(() => store.append(facts, RECORDING));
    const total = read.ms + validated.ms + lookup.ms + plan.ms + append.ms;
    return {
      readFile: read.ms,
      jsonParse: jsonParse.ms,
      parseAndValidate: validated.ms,
      lookup: lookup.ms,
      plan: plan.ms,
      append: append.ms,
      total,
      added: append.value.added,
    };
  } finally {
    await store.close();
  }
}

interface ImportFigure {
  ms: number;
  added: number;
  skipped: number;
  records: number;
  /** What else the machine did meanwhile (Linux only). */
  machineLoad: MachineLoad | undefined;
}

/** CPU time of the machine and of this process, from /proc (USER_HZ ticks), with the wall clock. */
interface CpuSnapshot {
  ms: number;
  busy: number;
  steal: number;
  own: number;
  children: number;
}

/**
 * The rest of the machine during an import: cores kept busy by other work (the machine's busy time
 * less the import's own CPU time) and the share of time the hypervisor gave the vCPUs to others
 * (steal). The same code measured 20–35% slower in some runs with neither showing much: the host is
 * shared, so these rule contention in, not out.
 */
interface MachineLoad {
  otherCores: number;
  /** Of `otherCores`, the bench process itself while it waits for the CLI (its collector's threads). */
  benchCores: number | undefined;
  stealPercent: number;
}

const TICKS_PER_MS = 100 / 1000;

function cpuSnapshot(): CpuSnapshot | undefined {
  try {
    // cpu  user nice system idle iowait irq softirq steal …
    const cpu = (readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '')
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = cpu;
    // Fields after the command name: state ppid … utime (index 11) stime cutime cstime.
    const self = readFileSync('/proc/self/stat', 'utf8');
    const fields = self
      .slice(self.lastIndexOf(')') + 2)
      .split(' ')
      .map(Number);
    const at = (i: number) => fields[i] ?? 0;
    return {
      ms: performance.now(),
      busy: user + nice + system + irq + softirq,
      steal,
      own: at(11) + at(12),
      children: at(13) + at(14),
    };
  } catch {
    return undefined;
  }
}

/** The load between two snapshots; `whose` is the import's CPU time: this process's, or its children's. */
function machineLoad(
  from: CpuSnapshot | undefined,
  whose: 'own' | 'children',
): MachineLoad | undefined {
  const to = cpuSnapshot();
  if (from === undefined || to === undefined) return undefined;
  const ticks = (to.ms - from.ms) * TICKS_PER_MS;
  if (ticks <= 0) return undefined;
  const mine = to[whose] - from[whose];
  return {
    otherCores: Math.max(0, to.busy - from.busy - mine) / ticks,
    benchCores: whose === 'children' ? (to.own - from.own) / ticks : undefined,
    stealPercent: (100 * (to.steal - from.steal)) / (ticks * os.cpus().length),
  };
}

/** importScenarios end to end, file read included (as the CLI reads), into an already open store. */
async function importFile(store: SqliteLedgerStore, file: string): Promise<ImportFigure> {
  const before = cpuSnapshot();
  const run = await timed(async () =>
    importScenarios({
      store,
      files: [{ file, text: await readText(file) }],
      sha256,
      ...RECORDING,
    }),
  );
  const outcome = run.value;
  if (!outcome.ok) throw new Error(`import refused: ${JSON.stringify(outcome.issues.slice(0, 5))}`);
  return {
    ms: run.ms,
    added: outcome.result.added,
    skipped: outcome.result.skipped,
    records: outcome.result.records,
    machineLoad: machineLoad(before, 'own'),
  };
}

interface CliRun {
  ms: number;
  /** The exit code, or the signal that ended the process (e.g. SIGABRT when V8 runs out of heap). */
  code: number | string | null;
  stdout: string;
  stderr: string;
}

function runCli(args: readonly string[], env: Record<string, string> = {}): CliRun {
  const started = performance.now();
  const result = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    timeout: 60 * 60 * 1000,
    env: { ...userEnv(), ...env },
  });
  const ms = performance.now() - started;
  return {
    ms,
    code: result.status ?? result.signal,
    stdout: result.stdout ?? '',
    stderr: `${result.stderr ?? ''}${result.error?.message ?? ''}`,
  };
}

interface CliImportFigure {
  ms: number;
  /** What the CLI itself reports on stderr, when it does: the import without process start and file read. */
  insideMs: number | undefined;
  ok: boolean;
  message: string;
  machineLoad: MachineLoad | undefined;
}

function cliImport(file: string, dbPath: string): CliImportFigure {
  removeDb(dbPath);
  const before = cpuSnapshot();
  const run = runCli(['--db', dbPath, 'import', file], { STARGATE_TIMINGS: '1' });
  const load = machineLoad(before, 'children');
  // Two spellings, old and new: "import took N ms" (STARGATE_TIMINGS) and "wrote … (N ms in all)".
  const inside = /import took (\d+) ms|\((\d+) ms in all[;)]/
    .exec(run.stderr)
    ?.slice(1)
    .find((m) => m !== undefined);
  const message =
    run.code === 0
      ? run.stdout.trim()
      : `exit ${run.code}: ${run.stderr.trim().split('\n').slice(-3).join(' / ')}`;
  return {
    ms: run.ms,
    insideMs: inside === undefined ? undefined : Number(inside),
    ok: run.code === 0,
    message,
    machineLoad: load,
  };
}

interface StatusFigure {
  label: string;
  at: ViewPoint;
  /** Median of ledgerStatus (one policy, as `status --json`) with the store open. */
  inProcessMs: number;
  /** Of which: the store's statesAt alone (median). */
  statesAtMs: number;
  subjects: number;
  capacityMw: Record<string, number>;
  cliMs: number | undefined;
  cliBytes: number | undefined;
}

async function statusInProcess(
  store: SqliteLedgerStore,
  point: { label: string; at: ViewPoint },
): Promise<Omit<StatusFigure, 'cliMs' | 'cliBytes'>> {
  const status = () => ledgerStatus({ store, at: point.at, policies: ['venture'] });
  const [view] = await status(); // warm-up: fills SQLite's page cache and V8's inline caches
  if (!view) throw new Error('status returned no view');
  const runs: number[] = [];
  for (let i = 0; i < STATUS_RUNS; i += 1) runs.push((await timed(status)).ms);
  const states: number[] = [];
  let subjects = 0;
  for (let i = 0; i < STATUS_RUNS; i += 1) {
    const run = await timed(() => store.statesAt(point.at));
    states.push(run.ms);
    subjects = run.value.length;
  }
  return {
    label: point.label,
    at: point.at,
    inProcessMs: median(runs),
    statesAtMs: median(states),
    subjects,
    capacityMw: view.capacityMw,
  };
}

function statusViaCli(dbPath: string, at: ViewPoint): { ms: number; bytes: number } {
  const runs: CliRun[] = [];
  for (let i = 0; i < CLI_STATUS_RUNS; i += 1) {
    const run = runCli([
      '--db',
      dbPath,
      'status',
      '--as-of',
      at.asOf,
      '--known-at',
      at.knownAt,
      '--json',
    ]);
    if (run.code !== 0)
      throw new Error(`stargate status failed (exit ${run.code}): ${run.stderr.trim()}`);
    runs.push(run);
  }
  return { ms: median(runs.map((r) => r.ms)), bytes: Buffer.byteLength(runs[0]?.stdout ?? '') };
}

/** The floor under every CLI figure: process start and module loading, measured by `--version`. */
function cliStart(): number {
  return median(Array.from({ length: CLI_STATUS_RUNS }, () => runCli(['--version']).ms));
}

// ---------------------------------------------------------------------------------------------
// Reporting

interface Machine {
  /** 1-minute load average when the run started: anything well above 0 means the figures are shared. */
  load: number;
  commit: string;
  cpu: string;
  cpus: number;
  memory: string;
  os: string;
  node: string;
  sqlite: string;
  /** Whether this process's malloc asked for transparent huge pages, and the kernel's THP mode. */
  hugePages: string;
}

function machine(load: number): Machine {
  const db = new Database(':memory:');
  const sqlite = db.prepare('select sqlite_version()').pluck().get() as string;
  db.close();
  const git = spawnSync('git', ['describe', '--always', '--dirty'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return {
    load,
    commit: git.status === 0 ? git.stdout.trim() : 'unknown (not a git checkout)',
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cpus: os.cpus().length,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    sqlite,
    hugePages: `${process.env.GLIBC_TUNABLES?.includes(HUGE_PAGES_TUNABLE) ? 'on' : 'off'} (kernel THP mode: ${kernelThpMode() ?? 'unknown'})`,
  };
}

const fmt = {
  int: (n: number) => Math.round(n).toLocaleString('en-US'),
  ms: (n: number) => `${n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(1)} ms`,
  s: (ms: number) => `${(ms / 1000).toFixed(2)} s`,
  rate: (records: number, ms: number) =>
    `${Math.round(records / (ms / 1000)).toLocaleString('en-US')} rec/s`,
  mb: (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`,
};

type Row = [string, string, string?];

function printTable(title: string, rows: readonly Row[]): void {
  const width = Math.max(...rows.map((r) => r[0].length));
  const valueWidth = Math.max(...rows.map((r) => r[1].length));
  process.stdout.write(`\n${title}\n${'-'.repeat(title.length)}\n`);
  for (const [label, value, note] of rows)
    process.stdout.write(
      `  ${label.padEnd(width)}  ${value.padStart(valueWidth)}${note ? `  ${note}` : ''}\n`,
    );
}

function verdict(ok: boolean, target: string): string {
  return `${ok ? 'meets' : 'MISSES'} target ${target}`;
}

function progress(text: string): void {
  process.stderr.write(`[bench] ${text}\n`);
}

function fileBytes(path: string): number {
  return ['', '-wal'].reduce(
    (n, suffix) => n + (existsSync(path + suffix) ? statSync(path + suffix).size : 0),
    0,
  );
}

/** Warn when dist/ is older than src/: the CLI figures would then measure old code. */
function distLooksStale(): boolean {
  const built = statSync(CLI).mtimeMs;
  const sources = readdirSync(join(ROOT, 'src'), { recursive: true, encoding: 'utf8' }).filter(
    (f) => f.endsWith('.ts') && !f.endsWith('.test.ts'),
  );
  return sources.some((f) => statSync(join(ROOT, 'src', f)).mtimeMs > built);
}

function requireCli(options: BenchOptions): void {
  if (!options.cli) return;
  if (!existsSync(CLI))
    throw new Error(`${CLI} is missing: run \`npm run build\` first (or pass --no-cli)`);
  if (distLooksStale())
    progress(
      'warning: dist/ is older than src/; run `npm run build` so the CLI figures measure the current code',
    );
}

// ---------------------------------------------------------------------------------------------
// The run

interface Figures {
  date: string;
  command: string;
  machine: Machine;
  shape: Shape & { jsonBytes: number; generateMs: number };
  phases: Phases;
  /** The median run by time; every run's time is in `runsMs`. */
  inProcess: ImportFigure & { runsMs: number[] };
  cli: (CliImportFigure & { runsMs: number[] }) | undefined;
  cliStartMs: number | undefined;
  status: StatusFigure[];
  incremental: ImportFigure & { fileRecords: number };
  repeat: ImportFigure;
  dbBytes: number;
  peakRssBytes: number;
}

async function measureStatus(
  store: SqliteLedgerStore,
  dbPath: string,
  options: BenchOptions,
): Promise<StatusFigure[]> {
  const figures: StatusFigure[] = [];
  for (const point of VIEW_POINTS) {
    progress(`status at ${point.label} (${point.at.asOf} / ${point.at.knownAt})…`);
    const inProcess = await statusInProcess(store, point);
    const cli = options.cli ? statusViaCli(dbPath, point.at) : undefined;
    figures.push({ ...inProcess, cliMs: cli?.ms, cliBytes: cli?.bytes });
  }
  return figures;
}

interface Paths {
  mainFile: string;
  incFile: string;
  phasesDb: string;
  mainDb: string;
  cliDb: string;
}

function pathsFor(options: BenchOptions): Paths {
  const at = (name: string) => join(options.out, name);
  return {
    mainFile: at(`ledger-${options.records}.json`),
    incFile: at(`ledger-${options.records}-q1-2030.json`),
    phasesDb: at('ledger-phases.db'),
    mainDb: at('ledger.db'),
    cliDb: at('ledger-cli.db'),
  };
}

/** The main ledger: import with importScenarios, then status, then the incremental import and its repeat. */
async function measureLedger(
  paths: Paths,
  options: BenchOptions,
): Promise<Pick<Figures, 'inProcess' | 'status' | 'incremental' | 'repeat'>> {
  // All but the last run into a scratch file; the last into the main ledger, which status reads.
  const runs: ImportFigure[] = [];
  for (let run = 1; run < options.runs; run += 1) {
    progress(`import with importScenarios (run ${run} of ${options.runs})…`);
    const scratch = freshStore(paths.phasesDb);
    try {
      runs.push(await importFile(scratch, paths.mainFile));
    } finally {
      await scratch.close();
      removeDb(paths.phasesDb);
    }
    collectGarbage();
  }
  const store = freshStore(paths.mainDb);
  try {
    progress(`import with importScenarios (run ${options.runs} of ${options.runs})…`);
    runs.push(await importFile(store, paths.mainFile));
    const inProcess = medianRun(runs);
    collectGarbage();
    const status = await measureStatus(store, paths.mainDb, options);
    progress('incremental import and its repeat…');
    const incremental = await importFile(store, paths.incFile);
    const repeat = await importFile(store, paths.incFile);
    return {
      inProcess,
      status,
      incremental: { ...incremental, fileRecords: incremental.added + incremental.skipped },
      repeat,
    };
  } finally {
    await store.close();
  }
}

/**
 * The run of median time, with every run's time. The host is shared and a single run can be off by
 * a fifth either way; the median of a few is what the README compares.
 */
function medianRun<T extends { ms: number }>(runs: readonly T[]): T & { runsMs: number[] } {
  const sorted = [...runs].sort((a, b) => a.ms - b.ms);
  const median = sorted[Math.floor((sorted.length - 1) / 2)] as T;
  return { ...median, runsMs: runs.map((r) => r.ms) };
}

async function measure(options: BenchOptions, paths: Paths): Promise<Figures> {
  const load = os.loadavg()[0] ?? 0;
  const shape = shapeFor(options.records);
  progress(
    `generating ${fmt.int(shape.records)} records (${fmt.int(shape.facilities)} facilities, ${fmt.int(shape.updates)} updates) → ${paths.mainFile}`,
  );
  const generated = await timed(() => writeMainScenario(paths.mainFile, shape, options.seed));
  writeIncrementalScenario(paths.incFile, shape, options.seed);

  progress('import, phase by phase…');
  const phases = await importByPhases(paths.mainFile, paths.phasesDb);
  removeDb(paths.phasesDb);
  collectGarbage();
  const ledger = await measureLedger(paths, options);
  let cli: (CliImportFigure & { runsMs: number[] }) | undefined;
  if (options.cli) {
    const runs: CliImportFigure[] = [];
    for (let run = 1; run <= options.runs; run += 1) {
      progress(`import with the CLI (run ${run} of ${options.runs})…`);
      runs.push(cliImport(paths.mainFile, paths.cliDb));
    }
    cli = medianRun(runs);
  }
  return {
    date: new Date().toISOString(),
    command: `npm run bench -- ledger --records ${options.records}`,
    machine: machine(load),
    shape: { ...shape, jsonBytes: generated.value, generateMs: generated.ms },
    phases,
    ...ledger,
    cli,
    cliStartMs: options.cli ? cliStart() : undefined,
    dbBytes: fileBytes(paths.mainDb),
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
  };
}

function report(f: Figures): void {
  const m = f.machine;
  printTable('Machine', [
    ['CPU', `${m.cpu} × ${m.cpus}`],
    ['memory', m.memory],
    ['OS', m.os],
    ['Node', m.node],
    ['SQLite', m.sqlite],
    ['malloc huge pages', m.hugePages],
    ['load average at start', m.load.toFixed(2)],
    ['code', m.commit],
  ]);
  printTable(`Data (seed-reproducible), ${f.date.slice(0, 10)}`, [
    ['records', fmt.int(f.shape.records)],
    ['facilities / updates', `${fmt.int(f.shape.facilities)} / ${fmt.int(f.shape.updates)}`],
    ['scenario JSON', fmt.mb(f.shape.jsonBytes)],
    ['generation', fmt.s(f.shape.generateMs)],
    ['ledger file after all imports', fmt.mb(f.dbBytes)],
    ['peak RSS of the bench process', fmt.mb(f.peakRssBytes)],
  ]);
  const p = f.phases;
  const n = f.shape.records;
  printTable('Import into a fresh ledger, by phase (in-process)', [
    ['read file', fmt.s(p.readFile)],
    [
      'parse + schema validation',
      fmt.s(p.parseAndValidate),
      `of which JSON.parse alone ≈ ${fmt.s(p.jsonParse)}`,
    ],
    ['lookup existing ids', fmt.s(p.lookup)],
    ['plan facts (planFacts)', fmt.s(p.plan)],
    ['write (store.append)', fmt.s(p.append)],
    ['total', fmt.s(p.total), fmt.rate(p.added, p.total)],
  ]);
  const rate = n / (f.inProcess.ms / 1000);
  const ofRuns = (ms: readonly number[]) => (ms.length > 1 ? `, median of ${ms.length}` : '');
  const spread = (ms: readonly number[]) =>
    ms.length > 1 ? `; runs ${ms.map((m) => fmt.s(m).trim()).join(', ')}` : '';
  const elsewhere = (load: MachineLoad | undefined): Row[] =>
    load === undefined
      ? []
      : [
          [
            '  meanwhile elsewhere',
            `${load.otherCores.toFixed(2)} cores`,
            `busy with other work${load.benchCores === undefined ? '' : ` (${load.benchCores.toFixed(2)} of them this bench process)`}; steal ${load.stealPercent.toFixed(1)}%`,
          ],
        ];
  const rows: Row[] = [
    [
      `importScenarios, in-process${ofRuns(f.inProcess.runsMs)}`,
      `${fmt.s(f.inProcess.ms)}  ${fmt.rate(f.inProcess.added, f.inProcess.ms)}`,
      verdict(rate >= TARGET_RECORDS_PER_SEC, `≥ ${fmt.int(TARGET_RECORDS_PER_SEC)} rec/s`) +
        spread(f.inProcess.runsMs),
    ],
    ...elsewhere(f.inProcess.machineLoad),
  ];
  if (f.cli) {
    const cliRate = n / (f.cli.ms / 1000);
    const note = f.cli.ok
      ? verdict(cliRate >= TARGET_RECORDS_PER_SEC, `≥ ${fmt.int(TARGET_RECORDS_PER_SEC)} rec/s`)
      : `FAILED: ${f.cli.message}`;
    rows.push([
      `stargate import (CLI process)${ofRuns(f.cli.runsMs)}`,
      `${fmt.s(f.cli.ms)}  ${fmt.rate(n, f.cli.ms)}`,
      note + spread(f.cli.runsMs),
    ]);
    if (f.cli.insideMs !== undefined)
      rows.push([
        '  of which importScenarios',
        fmt.s(f.cli.insideMs),
        // The same code as the in-process row: a difference here is the machine, not the CLI.
        `in-process ${fmt.s(f.inProcess.ms)}; process start, file read and close ${fmt.s(f.cli.ms - f.cli.insideMs)}`,
      ]);
    rows.push(...elsewhere(f.cli.machineLoad));
  }
  rows.push(
    [
      `incremental: ${fmt.int(f.incremental.fileRecords)} records`,
      `${fmt.s(f.incremental.ms)}  ${fmt.rate(f.incremental.added, f.incremental.ms)}`,
      `added ${fmt.int(f.incremental.added)}; ledger ${fmt.int(f.incremental.records)} records`,
    ],
    [
      'repeat of the same file',
      fmt.s(f.repeat.ms),
      `added ${f.repeat.added}, skipped ${fmt.int(f.repeat.skipped)} ${f.repeat.added === 0 ? '(idempotent)' : '(NOT idempotent!)'}`,
    ],
  );
  printTable('Import end to end', rows);
  const statusRows: Row[] = [];
  for (const s of f.status) {
    const at = `${s.at.asOf}/${s.at.knownAt}`;
    statusRows.push([
      `${s.label} ${at}, in-process`,
      fmt.ms(s.inProcessMs),
      `${verdict(s.inProcessMs <= TARGET_STATUS_MS, `≤ ${TARGET_STATUS_MS} ms`)}; statesAt ${fmt.ms(s.statesAtMs)} of it, ${fmt.int(s.subjects)} subjects`,
    ]);
    if (s.cliMs !== undefined)
      statusRows.push([
        `${s.label} ${at}, CLI --json`,
        fmt.ms(s.cliMs),
        `${verdict(s.cliMs <= TARGET_STATUS_MS, `≤ ${TARGET_STATUS_MS} ms`)}; ${fmt.mb(s.cliBytes ?? 0)} of JSON`,
      ]);
    statusRows.push([
      `  capacity MW (venture)`,
      Object.values(s.capacityMw).map(fmt.int).join(' / '),
      'announced / contracted / under construction / operational',
    ]);
  }
  if (f.cliStartMs !== undefined)
    statusRows.push([
      'CLI process start (--version)',
      fmt.ms(f.cliStartMs),
      'included in every CLI figure',
    ]);
  const scale = n === 1_000_000 ? '' : ' — the status target is set for 1,000,000';
  printTable(
    `Status at ${fmt.int(n)} records${scale} (in-process: median of ${STATUS_RUNS} after a warm-up; CLI: median of ${CLI_STATUS_RUNS}, process start included)`,
    statusRows,
  );
}

/**
 * The user's GLIBC_TUNABLES ('' for none), kept when the bench runs again with huge pages: the CLI
 * imports it times get the user's environment back, and pay for their own second start.
 */
const TUNABLES_BEFORE = 'STARGATE_BENCH_TUNABLES_BEFORE';

/** The environment the user started the bench with. */
function userEnv(): NodeJS.ProcessEnv {
  const before = process.env[TUNABLES_BEFORE];
  if (before === undefined) return process.env;
  const env = { ...process.env };
  delete env[TUNABLES_BEFORE];
  if (before === '') delete env.GLIBC_TUNABLES;
  else env.GLIBC_TUNABLES = before;
  return env;
}

export async function runLedgerBench(args: string[]): Promise<void> {
  const options = parseOptions(args);
  // In-process imports run with what a large CLI import runs with (see platform/huge-pages.ts).
  const again = hugePagesEnv();
  if (again !== undefined) {
    progress(`running again with GLIBC_TUNABLES=${HUGE_PAGES_TUNABLE}, as a large CLI import does`);
    process.exit(await rerun({ ...again, [TUNABLES_BEFORE]: process.env.GLIBC_TUNABLES ?? '' }));
  }
  requireCli(options);
  mkdirSync(options.out, { recursive: true });
  const paths = pathsFor(options);
  let figures: Figures;
  try {
    figures = await measure(options, paths);
  } finally {
    if (!options.keep) for (const path of Object.values(paths)) removeDb(path);
  }
  report(figures);
  const results = join(options.out, `ledger-results-${options.records}.json`);
  writeFileSync(results, `${JSON.stringify(figures, null, 2)}\n`);
  process.stdout.write(`\nfigures saved to ${results}\n`);
}
