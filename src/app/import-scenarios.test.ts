import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUNDLED_SCENARIO, bundledFacts } from '../../test/support/ledger-fixtures.js';
import { sha256 } from '../platform/sha256.js';
import { SqliteLedgerStore } from '../store/sqlite/sqlite-ledger-store.js';
import { importScenarios, type ImportOutcome, type ScenarioText } from './import-scenarios.js';

const dir = mkdtempSync(join(tmpdir(), 'stargate-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
let store: SqliteLedgerStore;
beforeEach(() => {
  store = SqliteLedgerStore.open(join(dir, `l${(n += 1)}.db`), { sha256 });
});
afterEach(() => store.close());

const bundled: ScenarioText = {
  file: 'stargate.yaml',
  text: readFileSync(BUNDLED_SCENARIO, 'utf8'),
};
/** Every fact of the bundled scenario becomes one record. */
const BUNDLED_RECORDS = bundledFacts().length;
const run = (files: ScenarioText[], dryRun = false) =>
  importScenarios({
    store,
    files,
    sha256,
    recordedBy: 'test',
    recordedAt: '2026-11-28T00:00:00Z',
    dryRun,
  });

function issuesOf(outcome: ImportOutcome) {
  if (outcome.ok) throw new Error('expected the import to be refused');
  return outcome.issues;
}

const HEAD = `format: stargate/v1
sources:
  - { id: s2, publisher: P, published: 2025-08-01, kind: press-report }
`;

describe('importScenarios', () => {
  it('imports the bundled scenario, and adds nothing the second time', async () => {
    const first = await run([bundled]);
    expect(first).toMatchObject({ ok: true, result: { added: BUNDLED_RECORDS, skipped: 0 } });
    const second = await run([bundled]);
    expect(second).toMatchObject({ ok: true, result: { added: 0, skipped: BUNDLED_RECORDS } });
    expect((await store.stats()).records).toBe(BUNDLED_RECORDS);
  });

  it('writes nothing in a dry run', async () => {
    expect(await run([bundled], true)).toMatchObject({
      ok: true,
      dryRun: true,
      result: { added: BUNDLED_RECORDS },
    });
    expect((await store.stats()).records).toBe(0);
  });

  it('is all or nothing across files: one bad file keeps the good one out too', async () => {
    const bad = {
      file: 'bad.yaml',
      text: `${HEAD}pledges:\n  - { id: x, program: stargate, by: [openai], metric: capacity_mw, target: 1, deadline: 2025-13-40, made: 2025-01, source: s2 }\n`,
    };
    const issues = issuesOf(await run([bundled, bad]));
    expect(issues).toEqual([
      {
        file: 'bad.yaml',
        path: 'pledges[0].deadline',
        line: 5,
        message: 'month 13 is not 01–12 in "2025-13-40"',
      },
    ]);
    expect((await store.stats()).records).toBe(0);
  });

  it('names the file, path and line of a schema error in YAML and in JSON', async () => {
    const yaml = {
      file: 'a.yaml',
      text: `${HEAD}parties:\n  - id: x\n    name: X\n    kind: planet\n    source: s2\n`,
    };
    expect(issuesOf(await run([yaml]))).toMatchObject([
      { file: 'a.yaml', path: 'parties[0].kind', line: 7 },
    ]);
    const json = {
      file: 'a.json',
      text: JSON.stringify(
        {
          format: 'stargate/v1',
          sources: [{ id: 's', publisher: 'P', published: '2025-01-01', kind: 'blog' }],
        },
        null,
        2,
      ),
    };
    expect(issuesOf(await run([json]))).toMatchObject([
      { file: 'a.json', path: 'sources[0].kind', line: 8 },
    ]);
  });

  it('reports a file that does not parse, with its line', async () => {
    const broken = {
      file: 'broken.yaml',
      text: 'format: stargate/v1\nsources:\n  - { id: s, publisher: [unclosed\n',
    };
    expect(issuesOf(await run([broken]))[0]).toMatchObject({
      file: 'broken.yaml',
      message: expect.stringMatching(/cannot parse YAML/),
    });
    const json = {
      file: 'broken.json',
      text: '{\n  "format": "stargate/v1",\n  "sources": [,]\n}',
    };
    expect(issuesOf(await run([json]))[0]).toMatchObject({
      file: 'broken.json',
      line: 3,
      message: expect.stringMatching(/cannot parse JSON/),
    });
  });

  it('refuses a position by a party that is not a member, or dated before its decision opened', async () => {
    await run([bundled]);
    const text = `${HEAD}positions:
  - { id: p1, decision: equity, party: coreweave, stance: for, at: 2025-08-01, source: s2 }
  - { id: p2, decision: equity, party: oracle, stance: for, at: 2024-12-01, source: s2 }
  - { id: p3, decision: equity, party: mgx, stance: abstain, at: 2025-08-01, source: s2 }
updates:
  - { subject: equity-openai, at: 2025-08-01, set: { party: coreweave }, source: s2 }
`;
    expect(issuesOf(await run([{ file: 'votes.yaml', text }]))).toEqual([
      {
        file: 'votes.yaml',
        path: 'positions[0].party',
        line: 5,
        message:
          '"coreweave" is not a member of stargate on 2025-08-01 (members: softbank, openai, oracle, mgx)',
      },
      {
        file: 'votes.yaml',
        path: 'positions[1].at',
        line: 6,
        message: '2024-12-01 is before decision "equity" opened (2025-01-21)',
      },
      {
        file: 'votes.yaml',
        path: 'updates[0].set.party',
        line: 9,
        message:
          '"coreweave" is not a member of stargate on 2025-08-01 (members: softbank, openai, oracle, mgx)',
      },
    ]);
    expect((await store.stats()).records).toBe(BUNDLED_RECORDS);
    // A member's position after the decision opened is accepted.
    const good = `${HEAD}positions:\n  - { id: p3, decision: equity, party: mgx, stance: abstain, at: 2025-08-01, source: s2 }\n`;
    expect(await run([{ file: 'good.yaml', text: good }])).toMatchObject({
      ok: true,
      result: { added: 2 },
    });
  });

  it('checks membership as of the position, within the same file as the program', async () => {
    const text = `${HEAD}parties:
  - { id: a, name: A, kind: company, source: s2 }
  - { id: b, name: B, kind: company, source: s2 }
programs:
  - { id: p, name: P, announced: 2025-08-01, source: s2, members: [{ party: a, roles: [financier] }] }
decisions:
  - { id: d, program: p, topic: equity, question: Q, opened: 2025-08-01, status: open, source: s2 }
positions:
  - { id: pb, decision: d, party: b, stance: for, at: 2025-09-01, source: s2 }
updates:
  - { subject: p, at: 2025-09-01, set: { members: [{ party: a, roles: [financier] }, { party: b, roles: [operator] }] }, source: s2 }
`;
    expect(await run([{ file: 'join.yaml', text }])).toMatchObject({ ok: true });
    const early = text.replace(
      'at: 2025-09-01, source: s2 }\nupdates',
      'at: 2025-08-15, source: s2 }\nupdates',
    );
    const outcome = await run([
      { file: 'early.yaml', text: early.replace(/id: (\w+),/g, 'id: $1x,') },
    ]);
    expect(issuesOf(outcome)).toMatchObject([{ path: 'positions[0].party' }]);
  });

  it('refuses an unknown assertion metric and equity shares above 100%, naming the place', async () => {
    const text = `${HEAD}parties:
  - { id: a, name: A, kind: company, source: s2 }
  - { id: b, name: B, kind: company, source: s2 }
programs:
  - id: p
    name: P
    announced: 2025-08-01
    source: s2
    members:
      - { party: a, roles: [financier], equity: 0.6 }
      - { party: b, roles: [operator], equity: 0.5 }
claims:
  - id: c
    speaker: a
    program: p
    said: 2025-08-01
    quote: { original: Huge, language: en }
    asserts:
      - { kind: level, metric: happiness, comparison: ">=", value: 1 }
    source: s2
`;
    const issues = issuesOf(await run([{ file: 'bad.yaml', text }]));
    expect(issues).toMatchObject([
      {
        path: 'programs[0].members',
        line: 13,
        message: 'equity shares add up to 110.0%, more than 100%',
      },
      { path: 'claims[0].asserts[0].metric', line: 22 },
    ]);
    expect(issues[1]?.message).toMatch(/capacity_mw/);
    expect((await store.stats()).records).toBe(0);
  });

  it('refuses references to unknown sources, parties and subjects', async () => {
    await run([bundled]);
    const text = `${HEAD}contracts:
  - { id: c, buyer: nobody, providers: [oracle], kind: capacity, signed: 2025-08, venture_party: false, source: s2 }
updates:
  - { subject: no-such-pledge, at: 2025-08-01, set: { target: 1 }, source: s2 }
  - { subject: capacity-10gw, at: 2025-08-01, set: { target: 1 }, source: no-such-source }
`;
    expect(issuesOf(await run([{ file: 'refs.yaml', text }]))).toMatchObject([
      { path: 'contracts[0].buyer', line: 5, message: 'unknown party "nobody"' },
      { path: 'updates[0].subject', line: 7, message: 'unknown subject "no-such-pledge"' },
      { path: 'updates[1].source', line: 8, message: 'unknown source "no-such-source"' },
    ]);
    expect((await store.stats()).records).toBe(BUNDLED_RECORDS);
  });

  it('refuses an existing id with different content, naming what differs', async () => {
    await run([bundled]);
    const changed = bundled.text.replace('capacity_mw: 4500', 'capacity_mw: 5000');
    const issues = issuesOf(await run([{ file: 'changed.yaml', text: changed }]));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      path: expect.stringMatching(/^contracts\[0\]\.id$/),
      message: expect.stringMatching(/capacity_mw: 4500 → 5000.*add an update/),
    });
    expect((await store.stats()).records).toBe(BUNDLED_RECORDS);
  });

  it('checks an update against its subject kind and its creation date', async () => {
    await run([bundled]);
    const text = `${HEAD}updates:
  - { subject: capacity-10gw, at: 2025-08-01, set: { target: ten }, source: s2 }
  - { subject: openai-oracle-coreweave, at: 2025-06, set: { capacity_mw: 5000 }, source: s2 }
  - { subject: openai-oracle-coreweave, at: 2025-08-01, set: { colour: red }, source: s2 }
`;
    const issues = issuesOf(await run([{ file: 'u.yaml', text }]));
    expect(issues.map((i) => i.path)).toEqual([
      'updates[0].set.target',
      'updates[1].at',
      'updates[2].set',
    ]);
    expect(issues[1]?.message).toMatch(/2025-06 is before openai-oracle-coreweave exists/);
  });

  it('appends a valid update whose known time defaults to its source', async () => {
    await run([bundled]);
    const text = `${HEAD}updates:\n  - { subject: openai-oracle-coreweave, at: 2025-07-31, set: { capacity_mw: 5000 }, source: s2 }\n`;
    expect(await run([{ file: 'u.yaml', text }])).toMatchObject({ ok: true, result: { added: 2 } });
    const history = await store.history('openai-oracle-coreweave');
    expect(history.at(-1)).toMatchObject({
      op: 'update',
      valid: '2025-07-31',
      known: '2025-08-01',
      payload: { capacity_mw: 5000 },
    });
  });
});
