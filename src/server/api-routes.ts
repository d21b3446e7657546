import { exportLedger } from '../app/export-ledger.js';
import { importScenarios } from '../app/import-scenarios.js';
import { ledgerClaims } from '../app/ledger-claims.js';
import { ledgerDecisions } from '../app/ledger-decisions.js';
import { ledgerStatus } from '../app/ledger-status.js';
import { ledgerTimeline } from '../app/ledger-timeline.js';
import { ATTRIBUTION_POLICIES } from '../metrics/attribution.js';
import type { LedgerRecord } from '../model/ledger-record.js';
import { ApiError } from './api-error.js';
import { defineRoute, type ApiDeps, type ApiRoute } from './api-route.js';
import {
  ClaimsQuery,
  DecisionsQuery,
  EmptyQuery,
  ExportQuery,
  ImportQuery,
  RunParams,
  StartRunBody,
  StatusQuery,
  StoredRunParams,
  SubjectParams,
  SubjectQuery,
  SubjectsQuery,
  TimelineQuery,
} from './api-schemas.js';
import { runEventStream } from './run-events.js';

/** YAML and JSON are both scenario files; the media type only names the upload for messages. */
export const IMPORT_MEDIA_TYPES = [
  'application/json',
  'application/yaml',
  'application/x-yaml',
  'text/yaml',
  'text/x-yaml',
] as const;

/** A view point with today for each date not given. */
function viewPoint(deps: ApiDeps, q: { asOf?: string | undefined; knownAt?: string | undefined }) {
  return { asOf: q.asOf ?? deps.today(), knownAt: q.knownAt ?? deps.today() };
}

/** Stored runs by number, the latest first: what a reader wants to see. */
function newestFirst<T extends { id: number }>(runs: readonly T[]): T[] {
  return [...runs].sort((a, b) => b.id - a.id);
}

function notFound(what: string): ApiError {
  return new ApiError('not-found', what, { path: 'params.id' });
}

/** What a record's source is, for a reader: the source subject's own fields. */
async function sourcesOf(
  deps: ApiDeps,
  records: readonly LedgerRecord[],
): Promise<Record<string, Record<string, unknown>>> {
  const sources: Record<string, Record<string, unknown>> = {};
  for (const id of new Set(records.map((r) => r.source))) {
    const [created] = await deps.store.history(id);
    if (created) sources[id] = { ...created.payload, record: created.seq };
  }
  return sources;
}

export const API_ROUTES: readonly ApiRoute[] = [
  defineRoute({
    method: 'get',
    path: '/api/health',
    operationId: 'health',
    tag: 'ledger',
    summary: 'Whether the server is up, the ledger it serves and the run kinds it offers',
    query: EmptyQuery,
    responses: {
      200: {
        description:
          '`{ ok, version, today, ledger: { records, subjects, head, lastRecordedAt }, runKinds, readOnly }`',
      },
    },
    async handle({ deps }) {
      return {
        json: {
          ok: true,
          version: deps.version,
          today: deps.today(),
          ledger: await deps.store.stats(),
          runKinds: deps.runs.kinds().map((k) => k.kind),
          readOnly: deps.readOnly === true,
        },
      };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/status',
    operationId: 'getStatus',
    tag: 'views',
    summary: 'Pledges, progress and the capacity funnel at (asOf, knownAt) under a policy',
    description:
      'The same JSON as `stargate status --json` (see the README: fields are only added, never renamed, within stargate/v1).',
    query: StatusQuery,
    errors: [404],
    responses: { 200: { description: 'The status report.' } },
    async handle({ deps, query }) {
      const [view] = await ledgerStatus({
        store: deps.store,
        at: viewPoint(deps, query),
        policies: [query.policy],
        program: query.program,
        evidence: query.evidence === true,
      });
      return { json: view };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/decisions',
    operationId: 'getDecisions',
    tag: 'views',
    summary: 'The decision register: rule, positions, deadlock, age and what each decision blocks',
    description: 'The same JSON as `stargate decisions --json`; `rule` is the `--rule` what-if.',
    query: DecisionsQuery,
    errors: [404],
    responses: { 200: { description: 'The decision register.' } },
    async handle({ deps, query }) {
      return {
        json: await ledgerDecisions({
          store: deps.store,
          at: viewPoint(deps, query),
          policy: query.policy,
          program: query.program,
          rule: query.rule,
        }),
      };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/claims',
    operationId: 'getClaims',
    tag: 'views',
    summary: 'Public statements checked against the ledger, on the day and now, per policy',
    description:
      'The same JSON as `stargate claims --json`: ClaimReview-shaped reviews and the say–do gap.',
    query: ClaimsQuery,
    errors: [404],
    responses: { 200: { description: 'The claims view.' } },
    async handle({ deps, query }) {
      return {
        json: await ledgerClaims({
          store: deps.store,
          now: query.knownAt ?? deps.today(),
          policies: ATTRIBUTION_POLICIES,
          program: query.program,
          only: query.ids && query.ids.length > 0 ? query.ids : undefined,
        }),
      };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/timeline',
    operationId: 'getTimeline',
    tag: 'views',
    summary: "The program's dated events, statements and decisions at (asOf, knownAt)",
    description:
      'Each subject of the program (pledges, contracts and facilities claimed for it, decisions, positions, claims, observations) with its creating record, and one entry per later record that changed it.',
    query: TimelineQuery,
    errors: [404],
    responses: { 200: { description: '`{ program, asOf, knownAt, events: [...] }`' } },
    async handle({ deps, query }) {
      return {
        json: await ledgerTimeline({
          store: deps.store,
          at: viewPoint(deps, query),
          program: query.program,
        }),
      };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/subjects',
    operationId: 'listSubjects',
    tag: 'ledger',
    summary: 'Every subject (or those of some kinds) as of a date, as known at a date',
    description:
      'Each subject with the record that created it and each field with the record, valid and known time and source it comes from.',
    query: SubjectsQuery,
    responses: { 200: { description: 'An array of subject states.' } },
    async handle({ deps, query }) {
      const states = await deps.store.statesAt(viewPoint(deps, query));
      const kinds = query.kind;
      return {
        json: kinds && kinds.length > 0 ? states.filter((s) => kinds.includes(s.kind)) : states,
      };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/subjects/{id}',
    operationId: 'getSubject',
    tag: 'ledger',
    summary: 'One subject at (asOf, knownAt): each field with its record and source',
    description: 'The same JSON as `stargate show ID --json`.',
    params: SubjectParams,
    query: SubjectQuery,
    errors: [404],
    responses: { 200: { description: 'The subject state.' } },
    async handle({ deps, params, query }) {
      const at = viewPoint(deps, query);
      const [state] = await deps.store.statesAt(at, [params.id]);
      if (!state)
        throw notFound(`no subject "${params.id}" as of ${at.asOf}, known at ${at.knownAt}`);
      return { json: state };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/subjects/{id}/history',
    operationId: 'getSubjectHistory',
    tag: 'ledger',
    summary: 'Every record about a subject, in seq order, with the sources they cite',
    description:
      '`records` is the same JSON as `stargate history ID --json`; `sources` maps each cited source id to its fields.',
    params: SubjectParams,
    query: EmptyQuery,
    errors: [404],
    responses: { 200: { description: '`{ subject, records, sources }`' } },
    async handle({ deps, params }) {
      const records = await deps.store.history(params.id);
      if (records.length === 0) throw notFound(`no records about "${params.id}"`);
      return { json: { subject: params.id, records, sources: await sourcesOf(deps, records) } };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/sources',
    operationId: 'listSources',
    tag: 'ledger',
    summary: 'Every source known at a date: title, publisher, publication date, kind, address',
    query: SubjectQuery,
    responses: { 200: { description: 'An array of sources.' } },
    async handle({ deps, query }) {
      const states = await deps.store.statesAt(viewPoint(deps, query));
      return {
        json: states
          .filter((s) => s.kind === 'source')
          .map((s) => ({
            id: s.id,
            ...Object.fromEntries(Object.entries(s.fields).map(([k, cell]) => [k, cell.value])),
            record: s.created.seq,
          })),
      };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/export',
    operationId: 'exportLedger',
    tag: 'ledger',
    summary: 'Every record in seq order (as `stargate export`), streamed',
    query: ExportQuery,
    responses: {
      200: { description: 'A JSON array of records, or CSV.', contentType: 'application/json' },
    },
    async handle({ deps, query }) {
      const chunks = exportLedger(deps.store, query.format)[Symbol.asyncIterator]();
      const encoder = new TextEncoder();
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          const next = await chunks.next();
          if (next.done) controller.close();
          else controller.enqueue(encoder.encode(next.value));
        },
      });
      return new Response(body, {
        headers: {
          'content-type': query.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json',
        },
      });
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/imports',
    operationId: 'importScenario',
    tag: 'ledger',
    summary: 'Import a scenario file (YAML or JSON): all or nothing, idempotent',
    description:
      'The same validation as `stargate import`: a refused import answers 422 with every problem (file, path, line, message) in `error.issues`, and writes nothing. Facts already in the ledger are skipped.',
    query: ImportQuery,
    body: {
      contentTypes: IMPORT_MEDIA_TYPES,
      description: 'A scenario file (format stargate/v1); see `stargate schema`.',
    },
    errors: [413, 415, 422],
    responses: {
      200: { description: 'Dry run: what would be added.' },
      201: { description: '`{ dryRun, files, facts, result: { added, skipped, records, head } }`' },
    },
    async handle({ deps, query, body, contentType }) {
      const mediaType = contentType.split(';')[0]?.trim().toLowerCase();
      const extension = mediaType === 'application/json' ? 'json' : 'yaml';
      const outcome = await importScenarios({
        store: deps.store,
        files: [{ file: query.file ?? `upload.${extension}`, text: body }],
        sha256: deps.sha256,
        recordedBy: query.by ?? 'api',
        recordedAt: new Date().toISOString(),
        dryRun: query.dryRun === true,
      });
      if (!outcome.ok)
        throw new ApiError(
          'invalid-input',
          `import refused: ${outcome.issues.length} problem(s); nothing was written`,
          { path: 'body', issues: outcome.issues },
        );
      return { status: outcome.dryRun ? 200 : 201, json: outcome };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/runs',
    operationId: 'listRuns',
    tag: 'runs',
    summary: 'The run kinds this server offers and the recent runs, newest first',
    query: EmptyQuery,
    responses: { 200: { description: '`{ kinds: [{ kind, summary, params }], runs: [...] }`' } },
    async handle({ deps }) {
      return { json: { kinds: deps.runs.kinds(), runs: deps.runs.list() } };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/runs',
    operationId: 'startRun',
    tag: 'runs',
    summary: 'Start a run (asynchronous): returns its id; follow it by polling or by events',
    query: EmptyQuery,
    body: {
      contentTypes: ['application/json'],
      description: '`{ kind, params }`',
      schema: StartRunBody,
    },
    errors: [413, 415],
    responses: { 202: { description: 'The queued run, with its id.' } },
    async handle({ deps, body }) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch (cause) {
        throw new ApiError('usage', `body: malformed JSON: ${(cause as Error).message}`, {
          path: 'body',
        });
      }
      const request = StartRunBody.safeParse(parsed);
      if (!request.success) {
        const issue = request.error.issues[0];
        const path = ['body', ...(issue?.path ?? [])].join('.');
        throw new ApiError('usage', `${path}: ${issue?.message ?? 'invalid body'}`, { path });
      }
      return { status: 202, json: deps.runs.start(request.data.kind, request.data.params) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/runs/{id}',
    operationId: 'getRun',
    tag: 'runs',
    summary: 'A run: status, progress, and its result once it has succeeded',
    params: RunParams,
    query: EmptyQuery,
    errors: [404],
    responses: { 200: { description: 'The run.' } },
    async handle({ deps, params }) {
      const run = deps.runs.get(params.id);
      if (!run) throw notFound(`no run "${params.id}" (runs are kept in memory until a restart)`);
      return { json: run };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/runs/{id}/events',
    operationId: 'watchRun',
    tag: 'runs',
    summary: 'Server-sent events: the run now, then every change until it finishes',
    params: RunParams,
    query: EmptyQuery,
    errors: [404],
    responses: {
      200: {
        description: 'A stream of `run` events, each the run as JSON.',
        contentType: 'text/event-stream',
      },
    },
    async handle({ deps, params, signal }) {
      if (!deps.runs.get(params.id)) throw notFound(`no run "${params.id}"`);
      return runEventStream({ runs: deps.runs, id: params.id, signal });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/plan-runs',
    operationId: 'listPlanRuns',
    tag: 'runs',
    summary: 'Stored plan runs, newest first (as `stargate plan --runs`)',
    query: EmptyQuery,
    responses: {
      200: {
        description:
          '`{ runs: [{ id, createdAt, program, scenario, asOf, knownAt, inputsHash, status }] }`',
      },
    },
    async handle({ deps }) {
      return { json: { runs: newestFirst(await deps.plans.list()) } };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/plan-runs/{id}',
    operationId: 'getPlanRun',
    tag: 'runs',
    summary: 'One stored plan run (`stargate-plan/v1`, as `stargate plan --json`)',
    params: StoredRunParams,
    query: EmptyQuery,
    errors: [404],
    responses: { 200: { description: 'The plan run.' } },
    async handle({ deps, params }) {
      const run = await deps.plans.get(params.id);
      if (!run) throw notFound(`no stored plan run ${params.id}`);
      return { json: run };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/risk-runs',
    operationId: 'listRiskRuns',
    tag: 'runs',
    summary: 'Stored risk runs, newest first (as `stargate simulate --runs`)',
    query: EmptyQuery,
    responses: {
      200: {
        description:
          '`{ runs: [{ id, createdAt, program, asOf, knownAt, seed, trials, inputsHash, resultHash }] }`',
      },
    },
    async handle({ deps }) {
      return { json: { runs: newestFirst(await deps.risks.list()) } };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/risk-runs/{id}',
    operationId: 'getRiskRun',
    tag: 'runs',
    summary: 'One stored risk run (`stargate-risk/v1`, as `stargate simulate --json`)',
    params: StoredRunParams,
    query: EmptyQuery,
    errors: [404],
    responses: { 200: { description: 'The risk run.' } },
    async handle({ deps, params }) {
      const run = await deps.risks.get(params.id);
      if (!run) throw notFound(`no stored risk run ${params.id}`);
      return { json: run };
    },
  }),
];
