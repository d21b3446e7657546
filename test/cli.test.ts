import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, runStargate } from './support/cli.js';
import { BUNDLED_SCENARIO, bundledFacts, startFacts } from './support/ledger-fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'stargate-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function stargate(args: string[], env: Record<string, string> = {}) {
  return runStargate(args, { cwd: dir, env });
}

/** Every fact of the bundled scenario becomes one record. */
const RECORDS = bundledFacts().length;

let n = 0;
const freshDb = () => join(dir, `cli-${(n += 1)}.db`);
const JULY = ['--as-of', '2025-07-21', '--known-at', '2025-07-22'];

beforeAll(() => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run npm run build (npm test does)`);
});

describe('stargate CLI', () => {
  it('start seeds an empty ledger with the bundled scenario once, then prints the status', () => {
    const db = freshDb();
    const first = stargate(['--db', db, 'start', '--no-serve']);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/seeding/);
    // start seeds the scenario and the planner's inputs together.
    expect(first.stdout).toMatch(new RegExp(`added ${startFacts().length} record\\(s\\)`));
    expect(first.stdout).toMatch(/Stargate — as of \d{4}-\d{2}-\d{2}/);
    expect(first.stdout).toMatch(/capacity-10gw/);
    const second = stargate(['--db', db, 'start'], { STARGATE_NO_SERVE: '1' });
    expect(second.code).toBe(0);
    expect(second.stderr).not.toMatch(/seeding/);
  });

  it('status --json gives the July 2025 figures under each policy', () => {
    const db = freshDb();
    expect(stargate(['--db', db, 'import', BUNDLED_SCENARIO]).code).toBe(0);
    const venture = JSON.parse(stargate(['--db', db, 'status', ...JULY, '--json']).stdout);
    const claimed = JSON.parse(
      stargate(['--db', db, 'status', ...JULY, '--policy', 'claimed', '--json']).stdout,
    );
    for (const report of [venture, claimed]) {
      expect(Object.keys(report)).toEqual(
        expect.arrayContaining(['program', 'asOf', 'knownAt', 'policy', 'pledges', 'capacityMw']),
      );
      expect(report).toMatchObject({
        asOf: '2025-07-21',
        knownAt: '2025-07-22',
        program: { id: 'stargate' },
      });
    }
    const tenGw = (r: { pledges: { id: string }[] }) =>
      r.pledges.find((p) => p.id === 'capacity-10gw') as Record<string, unknown>;
    expect(tenGw(venture)).toMatchObject({
      metric: 'capacity_mw',
      target: 10000,
      stalled: true,
      stages: { contracted: { value: 0 } },
    });
    expect(tenGw(claimed)).toMatchObject({
      stalled: false,
      stages: { contracted: { value: 4500 } },
    });
    expect(claimed.capacityMw).toEqual({
      announced: 4500,
      contracted: 4500,
      underConstruction: 0,
      operational: 0,
    });
    expect(venture.policy).toBe('venture');
    expect(tenGw(claimed).stages).not.toHaveProperty('contracted.records');
    const withEvidence = JSON.parse(
      stargate(['--db', db, 'status', ...JULY, '--policy', 'claimed', '--json', '--evidence'])
        .stdout,
    );
    expect(tenGw(withEvidence)).toMatchObject({
      stages: {
        contracted: { subjects: ['openai-oracle-coreweave'], records: [expect.any(Number)] },
      },
    });
  });

  it('status prints a readable table with both policies and the basis of each figure', () => {
    const db = freshDb();
    stargate(['--db', db, 'import', BUNDLED_SCENARIO]);
    const { stdout, code } = stargate(['--db', db, 'status', ...JULY]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/contracted\s+0 MW\s+4,500 MW\s+confirmed secondary-summary/);
    expect(stdout).toMatch(/capital-100b-immediately \*.*A confirmed company-statement/);
  });

  it('decisions lists the deadlocked decisions, and what a majority rule would change', () => {
    const db = freshDb();
    stargate(['--db', db, 'import', BUNDLED_SCENARIO]);
    const table = stargate(['--db', db, 'decisions', ...JULY]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(
      /site-selection\s+DEADLOCKED\s+181 d\s+181 d\s+unanimity of leads/,
    );
    expect(table.stdout).toMatch(/open 4 \(deadlocked 4\).*blocked 10,000 MW, \$500B/);
    const json = JSON.parse(stargate(['--db', db, 'decisions', ...JULY, '--json']).stdout);
    expect(json.summary).toMatchObject({ open: 4, deadlocked: 4, blockedMw: 10000 });
    const majority = JSON.parse(
      stargate(['--db', db, 'decisions', ...JULY, '--json', '--rule', 'majority']).stdout,
    );
    expect(majority.summary.deadlocked).toBe(0);
    const bad = stargate(['--db', db, 'decisions', '--rule', 'supermajority,threshold=2']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--rule: threshold/);
  });

  it('claims reviews each statement on the day and now, under both policies', () => {
    const db = freshDb();
    stargate(['--db', db, 'import', BUNDLED_SCENARIO]);
    const table = stargate(['--db', db, 'claims', '--known-at', '2026-11-28']);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(
      /altman-great-partnership\s+2025-07-14\.\.2025-07-20\s+altman\s+contradicted\s+contradicted\s+partly-supported\s+partly-supported/,
    );
    expect(table.stdout).toContain('스타게이트는 아직 만들어지지도 않았다');
    const json = JSON.parse(
      stargate(['--db', db, 'claims', 'catz-not-formed-yet', '--known-at', '2026-11-28', '--json'])
        .stdout,
    );
    expect(json.claims).toHaveLength(1);
    expect(json.claims[0]).toMatchObject({
      '@type': 'ClaimReview',
      identifier: 'catz-not-formed-yet',
      itemReviewed: { datePublished: '2025-06-30', datePrecision: 'month' },
    });
    expect(stargate(['--db', db, 'claims', 'no-such-claim']).code).toBe(1);
  });

  it('reads only a ledger that exists: a mistyped path is an error, and no file is left behind', () => {
    const db = join(dir, 'mistyped.db');
    for (const args of [
      ['status'],
      ['claims'],
      ['verify'],
      ['plan', '--runs'],
      ['simulate', '--runs'],
    ]) {
      const result = stargate(['--db', db, ...args]);
      expect({ args, code: result.code }).toEqual({ args, code: 1 });
      expect(result.stderr).toMatch(`no ledger at ${db}: run \`stargate start\``);
    }
    expect(existsSync(db)).toBe(false);
  });

  it('STARGATE_DB chooses the ledger file', () => {
    const db = freshDb();
    expect(stargate(['init'], { STARGATE_DB: db }).stdout).toMatch(
      `ledger ready at ${db}: 0 records`,
    );
    expect(existsSync(db)).toBe(true);
  });

  it('refuses a bad file with exit 1, naming file, line and path, and changes nothing', () => {
    const db = freshDb();
    stargate(['--db', db, 'import', BUNDLED_SCENARIO]);
    const bad = join(dir, 'bad.yaml');
    writeFileSync(
      bad,
      'format: stargate/v1\nupdates:\n  - { subject: capacity-10gw, at: 2025-13-40, set: { target: 1 }, source: ge-2025-07-22 }\n',
    );
    const result = stargate(['--db', db, 'import', bad]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${bad}:3: updates[0].at: month 13 is not 01–12`);
    expect(result.stderr).toMatch(/nothing was written/);
    expect(JSON.parse(stargate(['--db', db, 'status', '--json']).stdout).ledger.records).toBe(
      RECORDS,
    );
  });

  it('imports idempotently and reports a dry run without writing', () => {
    const db = freshDb();
    expect(stargate(['--db', db, 'import', '--dry-run', BUNDLED_SCENARIO]).stdout).toMatch(
      new RegExp(`would add ${RECORDS} record\\(s\\).*dry run`),
    );
    expect(stargate(['--db', db, 'import', BUNDLED_SCENARIO]).stdout).toMatch(
      new RegExp(`added ${RECORDS} record\\(s\\), 0 already`),
    );
    expect(stargate(['--db', db, 'import', BUNDLED_SCENARIO]).stdout).toMatch(
      new RegExp(`added 0 record\\(s\\), ${RECORDS} already`),
    );
  });

  it('exits 2 on usage errors', () => {
    const db = freshDb();
    expect(stargate(['--db', db, 'status', '--policy', 'everything']).code).toBe(2);
    expect(stargate(['--db', db, 'status', '--as-of', '2025-13-40']).code).toBe(2);
    expect(stargate(['--db', db, 'frobnicate']).code).toBe(2);
    expect(stargate(['--db', db, 'import']).code).toBe(2);
    expect(stargate(['--help']).code).toBe(0);
  });

  it('history lists every record about a subject with its source', () => {
    const db = freshDb();
    stargate(['--db', db, 'import', BUNDLED_SCENARIO]);
    const { stdout, code } = stargate(['--db', db, 'history', 'openai-oracle-coreweave']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/create\s+by 2025-07-03\s+2025-07-03\s+americanbazaar-2025-07-03/);
    expect(stdout).toMatch(/update\s+by 2025-07-21\s+2025-07-22\s+ge-2025-07-22/);
    expect(stdout).toMatch(/ge-2025-07-22: .*Global Economic/);
    expect(stargate(['--db', db, 'history', 'nothing-here']).code).toBe(1);
  });

  it('show gives one subject at (V, K) with the record behind each field', () => {
    const db = freshDb();
    stargate(['--db', db, 'import', BUNDLED_SCENARIO]);
    const { stdout, code } = stargate(['--db', db, 'show', 'capacity-10gw', ...JULY]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/target\s+10000\s+2025-01-21\s+2025-01-21\s+ge-2025-07-22\s+likely/);
    expect(
      stargate([
        '--db',
        db,
        'show',
        'openai-oracle-coreweave',
        '--as-of',
        '2025-07-21',
        '--known-at',
        '2025-07-02',
      ]).code,
    ).toBe(1);
  });

  it('verify passes a sound ledger and finds a flipped byte, naming the record', () => {
    const db = freshDb();
    stargate(['--db', db, 'import', BUNDLED_SCENARIO]);
    const ok = stargate(['--db', db, 'verify']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(new RegExp(`ok: ${RECORDS} records verified`));
    const bytes = readFileSync(db);
    const at = bytes.indexOf(Buffer.from('"capacity_mw":4500'));
    expect(at).toBeGreaterThan(0);
    bytes[at + '"capacity_mw":'.length] = '5'.charCodeAt(0);
    writeFileSync(db, bytes);
    const bad = stargate(['--db', db, 'verify']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(
      /record \d+ \(openai-oracle-coreweave\): content does not match its fact key/,
    );
  });

  it('exports every record as JSON or CSV', () => {
    const db = freshDb();
    stargate(['--db', db, 'import', BUNDLED_SCENARIO]);
    const records = JSON.parse(stargate(['--db', db, 'export']).stdout) as {
      seq: number;
      hash: string;
    }[];
    expect(records.map((r) => r.seq)).toEqual(Array.from({ length: RECORDS }, (_, i) => i + 1));
    const csv = stargate(['--db', db, 'export', '--format', 'csv']).stdout.trim().split('\n');
    expect(csv[0]).toBe(
      'seq,kind,subject,op,validText,valid,known,source,payload,note,assumption,confidence,recordedAt,recordedBy,factKey,hash',
    );
    expect(csv.filter((line) => /^\d+,/.test(line))).toHaveLength(RECORDS);
  });

  it('stops quietly, as if by SIGPIPE, when its reader closes the pipe early', () => {
    const db = freshDb();
    stargate(['--db', db, 'import', BUNDLED_SCENARIO]);
    const piped = (args: string[]) =>
      spawnSync(
        'bash',
        [
          '-c',
          'node="$1"; shift; "$node" "$@" | head -c 10 >/dev/null; echo "exit ${PIPESTATUS[0]}" >&2',
          'bash',
          process.execPath,
          BIN,
          ...args,
        ],
        { cwd: dir, encoding: 'utf8' },
      ).stderr;
    // The schema (over 100 KB) overfills the pipe, so a write fails after `head` exits: no stack
    // trace, and the status of a process killed by SIGPIPE, as Unix tools end.
    expect(piped(['schema'])).toBe('exit 141\n');
    // Smaller outputs may fit in the pipe before `head` exits (then 0): either way, quietly.
    for (const args of [
      ['--db', db, 'export'],
      ['--db', db, 'history', 'stargate'],
    ])
      expect(piped(args), args.join(' ')).toMatch(/^exit (0|141)\n$/);
  });

  it('schema prints the JSON Schema of the scenario format', () => {
    const schema = JSON.parse(stargate(['schema']).stdout);
    expect(schema.title).toMatch(/stargate\/v1/);
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining([
        'format',
        'sources',
        'parties',
        'programs',
        'pledges',
        'sites',
        'facilities',
        'contracts',
        'decisions',
        'claims',
        'updates',
      ]),
    );
    expect(schema.properties.format.const).toBe('stargate/v1');
    expect(schema.additionalProperties).toBe(false);
  });
});
