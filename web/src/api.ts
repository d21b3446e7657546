/**
 * The dashboard's one way to the API. A failure becomes an `ApiProblem` whose message is in plain
 * words — what went wrong and what to do — never a blank page.
 */
export class ApiProblem extends Error {
  override readonly name = 'ApiProblem';
  readonly status: number;
  readonly code: string;
  readonly issues: unknown[] | undefined;

  constructor(options: { status: number; code: string; message: string; issues?: unknown[] }) {
    super(options.message);
    this.status = options.status;
    this.code = options.code;
    this.issues = options.issues;
  }
}

interface ErrorBody {
  error?: { code?: string; message?: string; path?: string | null; issues?: unknown[] };
}

function plainWords(status: number, body: ErrorBody): ApiProblem {
  const error = body.error ?? {};
  const code = error.code ?? 'unknown';
  const detail = error.message ?? `the server answered ${status}`;
  const lead =
    status === 404
      ? 'Not found'
      : status === 400
        ? 'The request was not understood'
        : status === 422
          ? 'Refused'
          : status >= 500
            ? 'The server failed'
            : 'The request was refused';
  return new ApiProblem({ status, code, message: `${lead}: ${detail}`, issues: error.issues });
}

type Answer = { status: number; text: string };

/** Requests index.html started before the bundle loaded, each taken once. */
const prefetched: Record<string, Promise<Answer> | undefined> =
  (window as { __stargatePrefetch?: Record<string, Promise<Answer>> }).__stargatePrefetch ?? {};

async function request(path: string, init: RequestInit): Promise<Answer> {
  const early = init.method === undefined ? prefetched[path] : undefined;
  if (early) {
    prefetched[path] = undefined;
    return early;
  }
  const response = await fetch(path, {
    ...init,
    headers: { accept: 'application/json', ...init.headers },
  });
  return { status: response.status, text: await response.text() };
}

export async function fetchJson<T>(
  path: string,
  init: RequestInit & { signal?: AbortSignal } = {},
): Promise<T> {
  let answer: Answer;
  try {
    answer = await request(path, init);
  } catch (cause) {
    if ((cause as Error).name === 'AbortError') throw cause;
    throw new ApiProblem({
      status: 0,
      code: 'network',
      message: 'Cannot reach the Stargate server. Is `stargate serve` still running?',
    });
  }
  const { status, text } = answer;
  let body: unknown;
  try {
    body = text === '' ? null : JSON.parse(text);
  } catch {
    throw new ApiProblem({
      status,
      code: 'not-json',
      message: `The server answered ${status} with something that is not JSON.`,
    });
  }
  if (status < 200 || status >= 300) throw plainWords(status, (body ?? {}) as ErrorBody);
  return body as T;
}

/** `?a=1&b=2` from an object, leaving out undefined values. */
export function queryString(params: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined) search.set(key, value);
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}
