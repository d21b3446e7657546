import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { compress } from 'hono/compress';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { ApiError, toApiError } from './api-error.js';
import { apiDocs } from './api-docs.js';
import type { ApiDeps, ApiRoute } from './api-route.js';
import { API_ROUTES } from './api-routes.js';
import { openApiDocument } from './openapi-document.js';
import { staticFile } from './static-files.js';

/** Imports are whole scenario files; 5 MiB holds tens of thousands of facts. */
export const DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024;

type Env = { Variables: { errorCode: string | undefined } };

/** `openApiPath` → Hono's: `/api/subjects/{id}` → `/api/subjects/:id`. */
function honoPath(path: string): string {
  return path.replace(/\{(\w+)\}/g, ':$1');
}

/** Parse a request part with its schema; the first problem becomes a 400 naming where it is. */
function parsePart<T>(schema: z.ZodType<T>, value: unknown, where: 'query' | 'params'): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const keys =
    issue?.code === 'unrecognized_keys' ? issue.keys : issue ? issue.path.map(String) : [];
  const path = [where, ...keys.slice(0, 1)].join('.');
  const message =
    issue?.code === 'unrecognized_keys'
      ? `unknown ${where === 'query' ? 'query parameter' : 'parameter'} ${issue.keys.map((k) => `"${k}"`).join(', ')}`
      : (issue?.message ?? 'invalid');
  throw new ApiError('usage', `${path}: ${message}`, { path });
}

function queryOf(c: Context): Record<string, string> {
  const all = c.req.queries();
  const query: Record<string, string> = {};
  for (const [key, values] of Object.entries(all)) {
    if (values.length > 1)
      throw new ApiError('usage', `query.${key}: given ${values.length} times; give it once`, {
        path: `query.${key}`,
      });
    query[key] = values[0] ?? '';
  }
  return query;
}

/** A body must come as one of the route's media types: the format is never guessed. */
function checkMediaType(accepted: readonly string[], contentType: string): void {
  const mediaType = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (!accepted.includes(mediaType))
    throw new ApiError(
      'unsupported-media-type',
      `send the body as ${accepted.join(' or ')}, got "${mediaType || 'no content type'}"`,
      { path: 'headers.content-type' },
    );
}

function errorResponse(c: Context<Env>, error: ApiError): Response {
  c.set('errorCode', error.code);
  return c.json(error.toBody(), error.status as 400);
}

/**
 * The whole HTTP surface as one Hono app — `app.fetch(request)` is a function from request to
 * response, so tests call it without a socket. The API routes come from one table (`API_ROUTES`) that
 * also yields `/openapi.json`; everything else is the dashboard (`webRoot`, built by Vite) and the
 * API docs.
 */
export function createHttpApp(options: {
  deps: ApiDeps;
  logger: Logger;
  /** The built dashboard (dist/web); undefined serves the API alone. */
  webRoot?: string | undefined;
  maxBodyBytes?: number;
  routes?: readonly ApiRoute[];
}): Hono<Env> {
  const { deps, logger } = options;
  const routes = options.routes ?? API_ROUTES;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const app = new Hono<Env>();

  // One structured line per request, written once the response is known.
  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    const url = new URL(c.req.url);
    logger.info(
      {
        method: c.req.method,
        path: url.pathname,
        query: url.search === '' ? undefined : url.search.slice(1),
        status: c.res.status,
        ms: Math.round((performance.now() - started) * 10) / 10,
        error: c.get('errorCode'),
      },
      'request',
    );
  });
  app.use(async (c, next) => {
    await next();
    c.header('x-content-type-options', 'nosniff');
    c.header('referrer-policy', 'no-referrer');
  });
  app.use(compress());

  app.onError((thrown, c) => {
    const error = toApiError(thrown);
    if (error.status >= 500) logger.error({ err: error.cause ?? error }, error.message);
    return errorResponse(c, error);
  });

  const document = openApiDocument({ routes, version: deps.version });
  app.get('/openapi.json', (c) => c.json(document));

  for (const route of routes) {
    const path = honoPath(route.path);
    const handler = async (c: Context<Env>) => {
      if (deps.readOnly && route.method === 'post')
        throw new ApiError(
          'forbidden',
          `${route.method.toUpperCase()} ${route.path}: this server is read-only (started with --read-only); nothing was written`,
        );
      const query = parsePart(route.query, queryOf(c), 'query');
      const params = route.params ? parsePart(route.params, c.req.param(), 'params') : {};
      const contentType = c.req.header('content-type') ?? '';
      if (route.body) checkMediaType(route.body.contentTypes, contentType);
      const body = route.body ? await c.req.text() : '';
      const result = await route.handle({
        params,
        query,
        body,
        contentType,
        deps,
        signal: c.req.raw.signal,
      });
      if (result instanceof Response) return result;
      return c.json(result.json, (result.status ?? 200) as 200);
    };
    if (route.method === 'get') app.get(path, handler);
    else
      app.post(
        path,
        bodyLimit({
          maxSize: maxBodyBytes,
          onError: (c) =>
            errorResponse(
              c,
              new ApiError(
                'payload-too-large',
                `the body is larger than ${maxBodyBytes} bytes; nothing was read or written`,
                { path: 'body' },
              ),
            ),
        }),
        handler,
      );
  }

  // A known API path with another method, then any other API path.
  app.all('/api/*', (c) => {
    const path = new URL(c.req.url).pathname;
    const methods = routes
      .filter((r) => new RegExp(`^${honoPath(r.path).replace(/:\w+/g, '[^/]+')}$`).test(path))
      .map((r) => r.method.toUpperCase());
    if (methods.length > 0) {
      c.header('allow', methods.join(', '));
      return errorResponse(
        c,
        new ApiError('method-not-allowed', `${c.req.method} ${path}: use ${methods.join(' or ')}`),
      );
    }
    return errorResponse(
      c,
      new ApiError('not-found', `no endpoint ${c.req.method} ${path}; see /openapi.json`),
    );
  });

  app.get('*', async (c) => {
    const path = new URL(c.req.url).pathname;
    const docs = await apiDocs(path);
    if (docs) return docs;
    const root = options.webRoot;
    if (root === undefined)
      return errorResponse(
        c,
        new ApiError('not-found', `no page ${path}: this server serves the API only`),
      );
    const file = path === '/' ? undefined : await staticFile(root, path);
    if (file) return file;
    // The dashboard routes on the client: any page path gets index.html; a missing asset is a 404.
    if (/\.[a-z0-9]+$/i.test(path))
      return errorResponse(c, new ApiError('not-found', `no file ${path}`));
    const index = await staticFile(root, '/index.html');
    if (index) return index;
    return c.text(
      'The dashboard is not built: run `npm run build` (the API is up: see /docs).',
      503,
    );
  });
  return app;
}
