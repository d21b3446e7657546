import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BUNDLED_PLANNING, BUNDLED_SCENARIO } from '../../test/support/ledger-fixtures.js';
import { importScenarios } from '../app/import-scenarios.js';
import { ledgerStatus } from '../app/ledger-status.js';
import { anyRunKind, type RunKind } from '../app/run-kind.js';
import { VERIFY_RUN } from '../app/verify-run.js';
import { sha256 } from '../platform/sha256.js';
import { SqliteLedgerStore } from '../store/sqlite/sqlite-ledger-store.js';
import { SqlitePlanRunStore } from '../store/sqlite/sqlite-plan-run-store.js';
import { SqliteRiskRunStore } from '../store/sqlite/sqlite-risk-run-store.js';
import type { PlanRun } from '../planner/plan-run.js';
import type { RiskRun } from '../risk/risk-run.js';
import { serverRunKinds } from './serve-ledger.js';
import type { ImportOutcome } from '../app/import-scenarios.js';
import type { ClaimsView } from '../app/ledger-claims.js';
import type { StatusView } from '../app/ledger-status.js';
import type { DecisionRegister } from '../governance/decision-register.js';
import type { SubjectState } from '../ledger/subject-state.js';
import type { ProgramTimeline } from '../metrics/program-timeline.js';
import type { LedgerRecord } from '../model/ledger-record.js';
import type { ApiErrorBody } from './api-error.js';
import { createHttpApp } from './http-app.js';
import { RunRegistry, type RunView } from './run-registry.js';

const dir = mkdtempSync(join(tmpdir(), 'stargate-http-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const TODAY = '2026-11-28';
const BUNDLED = readFileSync(BUNDLED_SCENARIO, 'utf8');

/** A run kind for tests only: reports progress, then answers or fails as asked. */
const ECHO_RUN: RunKind<{ fail: boolean; steps: number }, { echoed: number }> = {
  kind: 'echo',
  summary: 'test',
  params: z.object({ fail: z.boolean().default(false), steps: z.number().int().min(1).default(3) }),
  async execute(params, context) {
    for (let done = 1; done <= params.steps; done += 1) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      context.report({ done, total: params.steps, message: `step ${done}` });
    }
    if (params.fail) throw new Error('asked to fail');
    return { echoed: params.steps };
  },
};

let n = 0;
let store: SqliteLedgerStore;
let app: ReturnType<typeof createHttpApp>;
let logLines: string[];
let runs: RunRegistry;
let plans: SqlitePlanRunStore;
let risks: SqliteRiskRunStore;

beforeEach(async () => {
  store = SqliteLedgerStore.open(join(dir, `h${(n += 1)}.db`), { sha256 });
  await importScenarios({
    store,
    files: [{ file: 'stargate.yaml', text: BUNDLED }],
    sha256,
    recordedBy: 'test',
    recordedAt: '2026-11-28T00:00:00Z',
  });
  logLines = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  plans = SqlitePlanRunStore.open(store.location);
  risks = SqliteRiskRunStore.open(store.location);
  runs = new RunRegistry({
    kinds: [anyRunKind(VERIFY_RUN), anyRunKind(ECHO_RUN)],
    context: () => ({ store, plans, risks, sha256, today: TODAY }),
  });
  app = createHttpApp({
    deps: { store, plans, risks, sha256, runs, today: () => TODAY, version: 'test' },
    logger: pino({ base: undefined }, sink),
    maxBodyBytes: 64 * 1024,
  });
});
afterEach(async () => {
  await runs.close();
  await plans.close();
  await risks.close();
  await store.close();
});

const get = async (path: string) => app.fetch(new Request(`http://local${path}`));
const post = async (path: string, body: string, type = 'application/json') =>
  app.fetch(
    new Request(`http://local${path}`, { method: 'POST', body, headers: { 'content-type': type } }),
  );
/** A response's status and JSON body, read as `TBody` (an error body unless said otherwise). */
async function json<TBody = ApiErrorBody>(response: Promise<Response>) {
  const r = await response;
  return { status: r.status, body: (await r.json()) as TBody };
}
interface OpenApiParameter {
  name: string;
  schema: { enum?: string[] };
}
interface OpenApiDoc {
  openapi: string;
  paths: Record<
    string,
    Record<string, { parameters: OpenApiParameter[]; requestBody?: { content: object } }>
  >;
}

describe('read endpoints', () => {
  it('GET /api/status answers the same JSON as `stargate status --json`', async () => {
    const at = { asOf: '2025-07-21', knownAt: '2025-07-22' };
    const { status, body } = await json<StatusView>(
      get(`/api/status?asOf=${at.asOf}&knownAt=${at.knownAt}&policy=claimed`),
    );
    expect(status).toBe(200);
    const [cli] = await ledgerStatus({ store, at, policies: ['claimed'], evidence: false });
    expect(body).toEqual(JSON.parse(JSON.stringify(cli)));
  });

  it('replays the record: 4.5 GW claimed becomes visible as known at 2025-07-03, never for the venture', async () => {
    const contracted = async (knownAt: string, policy: string) =>
      (
        await json<StatusView>(
          get(`/api/status?asOf=${knownAt}&knownAt=${knownAt}&policy=${policy}`),
        )
      ).body.capacityMw.contracted;
    expect(await contracted('2025-07-02', 'claimed')).toBe(0);
    expect(await contracted('2025-07-03', 'claimed')).toBe(4500);
    for (const day of ['2025-01-31', '2025-07-03', '2025-07-22'])
      expect(await contracted(day, 'venture')).toBe(0);
  });

  it('GET /api/decisions applies a rule what-if, and refuses a bad rule with a 400', async () => {
    const charter = await json<DecisionRegister>(
      get('/api/decisions?asOf=2025-07-21&knownAt=2025-07-22'),
    );
    expect(charter.body.decisions.map((d) => d.outcome?.state)).toEqual(
      Array(4).fill('deadlocked'),
    );
    const majority = await json<DecisionRegister>(
      get('/api/decisions?asOf=2025-07-21&knownAt=2025-07-22&rule=majority'),
    );
    expect(majority.body.ruleOverride).toEqual({ kind: 'majority' });
    expect(majority.body.decisions.map((d) => d.outcome?.state)).toEqual(Array(4).fill('open'));
    const bad = await json(get('/api/decisions?rule=plurality'));
    expect(bad).toMatchObject({
      status: 400,
      body: { error: { code: 'usage', path: 'query.rule' } },
    });
  });

  it('GET /api/claims reviews every claim, or only those asked for; an unknown id is a 404', async () => {
    const all = await json<ClaimsView>(get('/api/claims'));
    expect(all.body.claims).toHaveLength(4);
    const one = await json<ClaimsView>(get('/api/claims?ids=catz-not-formed-yet'));
    expect(one.body.claims.map((c) => c.identifier)).toEqual(['catz-not-formed-yet']);
    expect(await json(get('/api/claims?ids=nobody-said-this'))).toMatchObject({
      status: 404,
      body: { error: { code: 'not-found' } },
    });
  });

  it('GET /api/timeline lists the program’s dated entries as known at the date', async () => {
    const early = await json<ProgramTimeline>(
      get('/api/timeline?asOf=2025-07-02&knownAt=2025-07-02'),
    );
    const late = await json<ProgramTimeline>(
      get('/api/timeline?asOf=2025-07-22&knownAt=2025-07-22'),
    );
    const subjects = (t: { body: ProgramTimeline }) => t.body.events.map((e) => e.subject);
    expect(subjects(early)).toContain('stargate');
    expect(subjects(early)).not.toContain('openai-oracle-coreweave');
    expect(subjects(late)).toEqual(
      expect.arrayContaining([
        'openai-oracle-coreweave',
        'site-selection',
        'altman-great-partnership',
      ]),
    );
    const dates = late.body.events.map((e) => e.date);
    expect(dates).toEqual([...dates].sort());
  });

  it('GET /api/subjects filters by kind; GET /api/subjects/{id} and its history, with sources', async () => {
    const sites = await json<SubjectState[]>(get('/api/subjects?kind=site,facility'));
    expect(sites.body.map((s) => s.id).sort()).toEqual(['ohio', 'ohio-small-dc']);
    const contract = await json<SubjectState>(get('/api/subjects/openai-oracle-coreweave'));
    expect(contract.body.fields.capacity_mw?.value).toBe(4500);
    const history = await json<{ records: LedgerRecord[]; sources: Record<string, object> }>(
      get('/api/subjects/openai-oracle-coreweave/history'),
    );
    expect(history.body.records.map((r) => r.op)).toEqual(['create', 'update']);
    expect(history.body.sources['americanbazaar-2025-07-03']).toMatchObject({
      publisher: 'American Bazaar',
      kind: 'secondary-summary',
    });
    const sources = await json<{ id: string }[]>(get('/api/sources'));
    expect(sources.body.map((s) => s.id)).toContain('ge-2025-07-22');
  });

  it('GET /api/export streams every record', async () => {
    const response = await get('/api/export');
    const records = (await response.json()) as unknown[];
    expect(records).toHaveLength((await store.stats()).records);
  });
});

describe('bad input gets a clear 4xx and changes nothing', () => {
  const cases: [string, () => Promise<Response>, number, string, string | null][] = [
    [
      'an impossible date',
      () => get('/api/status?knownAt=2025-13-40'),
      400,
      'usage',
      'query.knownAt',
    ],
    ['a wrong type', () => get('/api/status?evidence=maybe'), 400, 'usage', 'query.evidence'],
    ['an unknown policy', () => get('/api/status?policy=everyone'), 400, 'usage', 'query.policy'],
    [
      'an unknown parameter',
      () => get('/api/status?knowAt=2025-07-01'),
      400,
      'usage',
      'query.knowAt',
    ],
    [
      'a repeated parameter',
      () => get('/api/status?asOf=2025-01&asOf=2025-02'),
      400,
      'usage',
      'query.asOf',
    ],
    ['an unknown program', () => get('/api/status?program=nope'), 404, 'not-found', null],
    ['an unknown subject', () => get('/api/subjects/nope'), 404, 'not-found', 'params.id'],
    [
      'an unknown subject’s history',
      () => get('/api/subjects/nope/history'),
      404,
      'not-found',
      'params.id',
    ],
    ['an unknown kind', () => get('/api/subjects?kind=planet'), 400, 'usage', 'query.kind'],
    ['an unknown run', () => get('/api/runs/nope'), 404, 'not-found', 'params.id'],
    ['an unknown endpoint', () => get('/api/nope'), 404, 'not-found', null],
    ['a wrong method', () => post('/api/status', '{}'), 405, 'method-not-allowed', null],
    ['malformed JSON to start a run', () => post('/api/runs', '{"kind": '), 400, 'usage', 'body'],
    [
      'a run body of the wrong type',
      () => post('/api/runs', '{"kind": 7}'),
      400,
      'usage',
      'body.kind',
    ],
    ['an unknown run kind', () => post('/api/runs', '{"kind": "risk"}'), 400, 'usage', 'body.kind'],
    [
      'bad run parameters',
      () => post('/api/runs', '{"kind": "echo", "params": {"steps": "x"}}'),
      400,
      'usage',
      'body.params.steps',
    ],
    [
      'a run as the wrong media type',
      () => post('/api/runs', '{"kind":"echo"}', 'text/plain'),
      415,
      'unsupported-media-type',
      'headers.content-type',
    ],
    [
      'malformed JSON to import',
      () => post('/api/imports', '{"format": "stargate/v1", "sources": [,]}'),
      422,
      'invalid-input',
      'body',
    ],
    [
      'an import with a bad date',
      () =>
        post(
          '/api/imports',
          BUNDLED.replace('deadline: 2025-12-31', 'deadline: 2025-13-40'),
          'application/yaml',
        ),
      422,
      'invalid-input',
      'body',
    ],
    [
      'an import as an unknown media type',
      () => post('/api/imports', BUNDLED, 'text/csv'),
      415,
      'unsupported-media-type',
      'headers.content-type',
    ],
    [
      'an oversized body',
      () => post('/api/imports', `# ${'x'.repeat(70 * 1024)}\n`, 'application/yaml'),
      413,
      'payload-too-large',
      'body',
    ],
  ];
  const rows = cases.map(([name, send, status, code, path]) => ({
    name,
    send,
    status,
    code,
    path,
  }));
  it.each(rows)('$name', async ({ send, status, code, path }) => {
    const before = await store.stats();
    const answer = await json(send());
    expect(answer.status).toBe(status);
    expect(answer.body).toEqual({ error: expect.objectContaining({ code, path }) });
    expect(answer.body.error.message).toMatch(/\S/);
    expect(await store.stats()).toEqual(before);
  });

  it('names the file, path and line of each problem in a refused import', async () => {
    const bad = BUNDLED.replace('deadline: 2025-12-31', 'deadline: 2025-13-40');
    const { body } = await json(post('/api/imports?file=week.yaml', bad, 'application/yaml'));
    expect(body.error.issues).toEqual([
      expect.objectContaining({
        file: 'week.yaml',
        path: 'pledges[0].deadline',
        line: expect.any(Number),
        message: 'month 13 is not 01–12 in "2025-13-40"',
      }),
    ]);
  });
  it('refuses a text/plain import rather than guessing its format', async () => {
    expect((await post('/api/imports', BUNDLED, 'text/plain')).status).toBe(415);
  });
});

describe('POST /api/imports', () => {
  const update = (known: string) => `format: stargate/v1
sources:
  - { id: s-${known}, publisher: P, published: ${known}, kind: press-report }
updates:
  - { subject: openai-oracle-coreweave, at: ${known}, set: { capacity_mw: 5000 }, source: s-${known} }
`;
  it('imports YAML, then adds nothing the second time; a dry run writes nothing', async () => {
    const records = (await store.stats()).records;
    const dry = await json<ImportOutcome>(
      post('/api/imports?dryRun=true', update('2025-08-01'), 'application/yaml'),
    );
    expect(dry).toMatchObject({ status: 200, body: { dryRun: true, result: { added: 2 } } });
    expect((await store.stats()).records).toBe(records);
    const first = await json<ImportOutcome>(
      post('/api/imports', update('2025-08-01'), 'application/yaml'),
    );
    expect(first).toMatchObject({ status: 201, body: { result: { added: 2, skipped: 0 } } });
    const again = await json<ImportOutcome>(
      post('/api/imports', update('2025-08-01'), 'text/yaml'),
    );
    expect(again.body).toMatchObject({ result: { added: 0, skipped: 2 } });
    const status = await json<StatusView>(get('/api/status?policy=claimed'));
    expect(status.body.capacityMw.contracted).toBe(5000);
  });

  it('imports the same scenario as JSON', async () => {
    const { parse } = await import('yaml');
    const asJson = JSON.stringify(parse(update('2025-09-01')));
    const answer = await json<ImportOutcome>(post('/api/imports', asJson));
    expect(answer).toMatchObject({
      status: 201,
      body: { files: ['upload.json'], result: { added: 2 } },
    });
  });
});

describe('runs', () => {
  it('starts a run, reports its progress and result by polling', async () => {
    const started = await json<RunView>(
      post('/api/runs', '{"kind": "echo", "params": {"steps": 3}}'),
    );
    expect(started).toMatchObject({ status: 202, body: { kind: 'echo', status: 'queued' } });
    await runs.idle();
    const done = await json<RunView>(get(`/api/runs/${started.body.id}`));
    expect(done.body).toMatchObject({
      status: 'succeeded',
      progress: { done: 3, total: 3 },
      result: { echoed: 3 },
      error: null,
    });
    const list = await json<{ kinds: { kind: string }[]; runs: RunView[] }>(get('/api/runs'));
    expect(list.body.kinds.map((k) => k.kind)).toEqual(['verify', 'echo']);
    expect(list.body.runs[0]?.id).toBe(started.body.id);
  });

  it('streams a run’s progress as server-sent events until it finishes', async () => {
    const started = await json<RunView>(
      post('/api/runs', '{"kind": "echo", "params": {"steps": 4}}'),
    );
    const response = await get(`/api/runs/${started.body.id}/events`);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const text = await response.text();
    const events = text
      .split('\n\n')
      .filter(Boolean)
      .map((e) => JSON.parse(e.replace(/^event: run\ndata: /, '')) as RunView);
    expect(events.at(-1)).toMatchObject({ status: 'succeeded', result: { echoed: 4 } });
    const running = events.filter((e) => e.status === 'running' && e.progress !== null);
    expect(running.map((e) => e.progress?.done)).toEqual([1, 2, 3, 4]);
  });

  it('reports a failed run with its error, and verifies the ledger as a run', async () => {
    const failed = await json<RunView>(
      post('/api/runs', '{"kind": "echo", "params": {"fail": true, "steps": 1}}'),
    );
    const verify = await json<RunView>(post('/api/runs', '{"kind": "verify"}'));
    await runs.idle();
    expect((await json<RunView>(get(`/api/runs/${failed.body.id}`))).body).toMatchObject({
      status: 'failed',
      error: { code: 'internal', message: 'asked to fail' },
    });
    expect((await json<RunView>(get(`/api/runs/${verify.body.id}`))).body).toMatchObject({
      status: 'succeeded',
      result: { ok: true, chain: { ok: true, records: (await store.stats()).records } },
    });
  });
});

describe('plan and risk runs (the real planner and risk model)', () => {
  /** The server's own run kinds, on a ledger seeded as `stargate start` seeds it. */
  async function serverApp() {
    await importScenarios({
      store,
      files: [{ file: 'stargate-planning.yaml', text: readFileSync(BUNDLED_PLANNING, 'utf8') }],
      sha256,
      recordedBy: 'test',
      recordedAt: '2026-11-28T00:00:00Z',
    });
    await runs.close();
    runs = new RunRegistry({
      kinds: serverRunKinds(),
      context: () => ({ store, plans, risks, sha256, today: TODAY }),
    });
    app = createHttpApp({
      deps: { store, plans, risks, sha256, runs, today: () => TODAY, version: 'test' },
      logger: pino({ enabled: false }),
    });
  }

  it('plans, then simulates on that plan; both are stored and listed as the CLI stores them', async () => {
    await serverApp();
    const kinds = await json<{ kinds: { kind: string }[] }>(get('/api/runs'));
    expect(kinds.body.kinds.map((k) => k.kind)).toEqual(['verify', 'plan', 'risk']);

    const planned = await json<RunView>(
      post('/api/runs', JSON.stringify({ kind: 'plan', params: { binding: false } })),
    );
    expect(planned.status).toBe(202);
    await runs.idle();
    const plan = (await json<RunView>(get(`/api/runs/${planned.body.id}`))).body;
    expect(plan.status).toBe('succeeded');
    const planRun = plan.result as PlanRun;
    expect(planRun.plan?.check).toEqual({ ok: true, violations: [] });
    expect(planRun.id).toBeGreaterThan(0);
    const storedPlan = await json<PlanRun>(get(`/api/plan-runs/${planRun.id}`));
    expect(storedPlan.body.inputsHash).toBe(planRun.inputsHash);
    expect((await plans.get(planRun.id ?? 0))?.plan?.builds).toEqual(planRun.plan?.builds);

    const params = { asOf: '2025-07-21', knownAt: '2025-07-22', trials: 2000, tornadoTrials: 0 };
    const simulated = await json<RunView>(
      post('/api/runs', JSON.stringify({ kind: 'risk', params: { ...params, plan: planRun.id } })),
    );
    await runs.idle();
    const risk = (await json<RunView>(get(`/api/runs/${simulated.body.id}`))).body;
    expect(risk).toMatchObject({ status: 'succeeded', progress: { done: 2000, total: 2000 } });
    const riskRun = risk.result as RiskRun;
    expect(riskRun.plan).toBe(planRun.id);
    const tenGw = riskRun.summary.pledges.find(
      (p) => p.pledge === 'capacity-10gw' && p.policy === 'venture',
    );
    expect(tenGw?.pMet).toBeTypeOf('number');
    const list = await json<{ runs: { id: number; resultHash: string }[] }>(get('/api/risk-runs'));
    expect(list.body.runs[0]).toMatchObject({ id: riskRun.id, resultHash: riskRun.resultHash });
    expect((await json<RiskRun>(get(`/api/risk-runs/${riskRun.id}`))).body.summary).toEqual(
      riskRun.summary,
    );
    const planList = await json<{ runs: { id: number }[] }>(get('/api/plan-runs'));
    expect(planList.body.runs.map((r) => r.id)).toEqual([planRun.id]);
  });

  it('runs the same risk run twice to the same result, bit for bit', async () => {
    await serverApp();
    const params = {
      asOf: '2025-07-21',
      knownAt: '2025-07-22',
      trials: 3000,
      seed: 7,
      tornadoTrials: 300,
    };
    const a = await json<RunView>(post('/api/runs', JSON.stringify({ kind: 'risk', params })));
    const b = await json<RunView>(post('/api/runs', JSON.stringify({ kind: 'risk', params })));
    await runs.idle();
    const [ra, rb] = [a, b].map((r) => runs.get(r.body.id)?.result as RiskRun | undefined);
    expect(ra?.resultHash).toMatch(/^[0-9a-f]{64}$/);
    expect(rb?.resultHash).toBe(ra?.resultHash);
    expect(rb?.id).toBe((ra?.id ?? 0) + 1);
    // Under the charter, the 10 GW cannot be reached from the July 2025 pipeline.
    expect(
      ra?.summary.pledges.filter((p) => p.pledge === 'capacity-10gw').map((p) => p.pMet),
    ).toEqual([0, 0]);
  });

  it('refuses bad run parameters with a 400 before anything starts; unknown stored runs are 404', async () => {
    await serverApp();
    const bad = [
      [{ kind: 'risk', params: { trials: 0 } }, 'body.params.trials'],
      [{ kind: 'risk', params: { trials: 1e9 } }, 'body.params.trials'],
      [{ kind: 'risk', params: { asOf: '2025-13-40' } }, 'body.params.asOf'],
      [{ kind: 'risk', params: { set: ['nonsense'] } }, 'body.params.set.0'],
      [{ kind: 'plan', params: { policy: 'everything' } }, 'body.params.policy'],
      [{ kind: 'plan', params: { gap: 2 } }, 'body.params.gap'],
      [{ kind: 'plan', params: { colour: 'red' } }, 'body.params'],
    ] as const;
    for (const [body, path] of bad) {
      const answer = await json(post('/api/runs', JSON.stringify(body)));
      expect({ body, status: answer.status, path: answer.body.error.path }).toEqual({
        body,
        status: 400,
        path,
      });
    }
    expect(runs.list()).toEqual([]);
    // A key that names nothing is found when the inputs are read: the run fails and says which.
    const typo = await json<RunView>(
      post(
        '/api/runs',
        JSON.stringify({ kind: 'plan', params: { set: ['lease.nobody.max_mw=0'] } }),
      ),
    );
    await runs.idle();
    expect(runs.get(typo.body.id)).toMatchObject({
      status: 'failed',
      error: { code: 'invalid-input', message: expect.stringMatching(/lease\.nobody\.max_mw/) },
    });
    expect(await plans.list()).toEqual([]);
    expect((await json(get('/api/plan-runs/99'))).status).toBe(404);
    expect((await json(get('/api/risk-runs/abc'))).body.error.path).toBe('params.id');
  });
});

describe('a read-only server', () => {
  it('refuses imports and runs with 403, writes nothing, and still answers reads', async () => {
    const before = await store.stats();
    app = createHttpApp({
      deps: {
        store,
        plans,
        risks,
        sha256,
        runs,
        today: () => TODAY,
        version: 'test',
        readOnly: true,
      },
      logger: pino({ enabled: false }),
    });
    const imported = await json(post('/api/imports', BUNDLED, 'application/yaml'));
    expect(imported).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    expect(imported.body.error.message).toMatch(/read-only/);
    const run = await json(post('/api/runs', '{"kind": "verify"}'));
    expect(run.status).toBe(403);
    expect(runs.list()).toEqual([]);
    expect(await store.stats()).toEqual(before);
    const health = await json<{ readOnly: boolean }>(get('/api/health'));
    expect(health).toMatchObject({ status: 200, body: { readOnly: true } });
    expect((await get('/api/status?asOf=2025-07-21&knownAt=2025-07-22')).status).toBe(200);
  });
});

describe('the HTTP surface', () => {
  it('describes every endpoint in /openapi.json, with the query checks as parameters', async () => {
    const { body } = await json<OpenApiDoc>(get('/openapi.json'));
    expect(body.openapi).toMatch(/^3\./);
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining(['/api/status', '/api/imports', '/api/runs/{id}/events']),
    );
    const status = body.paths['/api/status']?.get;
    expect(status?.parameters.map((p) => p.name)).toEqual(
      expect.arrayContaining(['asOf', 'knownAt', 'policy', 'program', 'evidence']),
    );
    expect(status?.parameters.find((p) => p.name === 'policy')?.schema.enum).toEqual([
      'venture',
      'claimed',
    ]);
    expect(body.paths['/api/imports']?.post?.requestBody?.content).toHaveProperty(
      'application/yaml',
    );
  });

  it('serves browsable docs from the installed Swagger UI, with no CDN', async () => {
    const page = await (await get('/docs')).text();
    expect(page).toContain('/docs/swagger-ui-bundle.js');
    expect(page).not.toMatch(/https?:\/\/(?!json-schema)/);
    expect((await get('/docs/swagger-ui-bundle.js')).status).toBe(200);
  });

  it('writes one structured log line per request', async () => {
    await get('/api/health');
    await get('/api/status?knownAt=2025-13-40');
    expect(logLines).toHaveLength(2);
    const [ok, bad] = logLines.map((l) => JSON.parse(l));
    expect(ok).toMatchObject({ method: 'GET', path: '/api/health', status: 200, msg: 'request' });
    expect(bad).toMatchObject({ path: '/api/status', status: 400, error: 'usage' });
    expect(typeof ok.ms).toBe('number');
  });
});
