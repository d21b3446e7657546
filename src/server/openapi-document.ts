import { z } from 'zod';
import { API_ERROR_CODES, HTTP_STATUS } from './api-error.js';
import type { ApiRoute } from './api-route.js';

const ERROR_SCHEMA = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'path'],
      properties: {
        code: { type: 'string', enum: [...API_ERROR_CODES] },
        message: { type: 'string' },
        path: {
          type: ['string', 'null'],
          description: 'Where in the request: query.knownAt, params.id, body.kind, body…',
        },
        issues: {
          type: 'array',
          description: 'For a refused import: each problem with file, path, line and message.',
          items: {
            type: 'object',
            properties: {
              file: { type: 'string' },
              path: { type: 'string' },
              line: { type: ['integer', 'null'] },
              message: { type: 'string' },
            },
          },
        },
      },
    },
  },
} as const;

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad request: a query parameter or body that does not parse (the message says which).',
  404: 'Not found: no such subject, run, claim or program.',
  413: 'The body is larger than the server accepts.',
  415: 'The body is not of a media type this endpoint takes.',
  422: 'The content was read but refused; nothing was written.',
  500: 'Internal or ledger integrity error.',
};

/** JSON Schema of one object schema's properties, as OpenAPI parameters. */
function parametersOf(schema: z.ZodType | undefined, where: 'query' | 'path'): unknown[] {
  if (!schema) return [];
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, { description?: string } & Record<string, unknown>>;
    required?: string[];
  };
  return Object.entries(json.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: where,
      required: where === 'path' || (json.required ?? []).includes(name),
      ...(description === undefined ? {} : { description }),
      schema: rest,
    };
  });
}

/**
 * The OpenAPI 3.1 description of the API, built from the same route table and zod schemas that
 * validate requests.
 */
export function openApiDocument(options: {
  routes: readonly ApiRoute[];
  version: string;
}): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of options.routes) {
    const errors = [...new Set([400, ...(route.errors ?? []), 500])].sort();
    const responses: Record<string, unknown> = {};
    for (const [status, response] of Object.entries(route.responses))
      responses[status] = {
        description: response.description,
        content: { [response.contentType ?? 'application/json']: { schema: {} } },
      };
    for (const status of errors)
      responses[String(status)] = {
        description: STATUS_TEXT[status] ?? 'Error',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      };
    const operation: Record<string, unknown> = {
      operationId: route.operationId,
      tags: [route.tag],
      summary: route.summary,
      ...(route.description === undefined ? {} : { description: route.description }),
      parameters: [...parametersOf(route.params, 'path'), ...parametersOf(route.query, 'query')],
      responses,
    };
    if (route.body) {
      const body = route.body;
      const schema = body.schema
        ? z.toJSONSchema(body.schema, { io: 'input', unrepresentable: 'any' })
        : { type: 'string' };
      operation.requestBody = {
        required: true,
        description: body.description,
        content: Object.fromEntries(body.contentTypes.map((type) => [type, { schema }])),
      };
    }
    (paths[route.path] ??= {})[route.method] = operation;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Stargate API',
      version: options.version,
      description:
        'A sourced, bitemporal ledger of a multi-party AI-infrastructure program. Every view takes `asOf` (valid time) and `knownAt` (known time). Errors are `{ error: { code, message, path } }`; the codes map to statuses as follows: ' +
        Object.entries(HTTP_STATUS)
          .map(([code, status]) => `${code} → ${status}`)
          .join(', ') +
        '.',
      license: { name: 'MIT' },
    },
    tags: [
      { name: 'views', description: 'What the CLI shows, as JSON' },
      { name: 'ledger', description: 'Records, subjects, sources, imports and export' },
      {
        name: 'runs',
        description: 'Asynchronous runs: start, poll, or follow by server-sent events',
      },
    ],
    paths,
    components: { schemas: { Error: ERROR_SCHEMA } },
  };
}
