import type { z } from 'zod';
import type { Hasher } from '../ledger/hasher.js';
import type { LedgerStore } from '../store/ledger-store.js';
import type { PlanRunStore } from '../store/plan-run-store.js';
import type { RiskRunStore } from '../store/risk-run-store.js';
import type { RunRegistry } from './run-registry.js';

/** What every handler may use: the ledger, the stored runs, the clock, the runs. Injected, so tests control them. */
export interface ApiDeps {
  store: LedgerStore;
  /** Stored plan and risk runs (the CLI's and the API's alike). */
  plans: PlanRunStore;
  risks: RiskRunStore;
  sha256: Hasher;
  runs: RunRegistry;
  /** Today as an ISO day: the default of every view date. */
  today(): string;
  version: string;
  /** Refuse every write (imports, runs) with 403: for a server that others can reach. */
  readOnly?: boolean;
}

/** A handler's answer: JSON with a status, or a ready Response (streams, SSE). */
export type ApiResult = { status?: number; json: unknown } | Response;

export interface ApiRequest<TParams, TQuery> {
  params: TParams;
  query: TQuery;
  /** The raw body, for routes that declare one. */
  body: string;
  contentType: string;
  deps: ApiDeps;
  signal: AbortSignal;
}

/**
 * One endpoint: its place, its documentation and schemas (which feed both the checks and
 * `/openapi.json`), and its handler. Handlers see only validated input.
 */
export interface ApiRoute<TParams = unknown, TQuery = unknown> {
  method: 'get' | 'post';
  /** OpenAPI template, e.g. `/api/subjects/{id}`. */
  path: string;
  operationId: string;
  tag: string;
  summary: string;
  description?: string;
  params?: z.ZodType<TParams>;
  query: z.ZodType<TQuery>;
  body?: { contentTypes: readonly string[]; description: string; schema?: z.ZodType };
  /** Success statuses and what they carry. */
  responses: Record<number, { description: string; contentType?: string }>;
  /** Error statuses this route can answer, besides 400 and 500. */
  errors?: readonly number[];
  handle(request: ApiRequest<TParams, TQuery>): Promise<ApiResult>;
}

/** Declare a route with its handler typed by its schemas. */
export function defineRoute<TParams = Record<string, never>, TQuery = Record<string, never>>(
  route: ApiRoute<TParams, TQuery>,
): ApiRoute {
  return route as unknown as ApiRoute;
}
