import type { StargateError } from '../errors.js';
import { ERROR_CODES, toStargateError, type ErrorCode } from '../errors.js';

/**
 * The codes an API error can carry: every `StargateError` code, plus the few that only HTTP has.
 * Closed, like the CLI's: each maps to one status below, so a new code without a status does not
 * compile.
 */
export const HTTP_ONLY_CODES = [
  'payload-too-large',
  'unsupported-media-type',
  'method-not-allowed',
  'forbidden',
  'busy',
] as const;
export const API_ERROR_CODES = [...ERROR_CODES, ...HTTP_ONLY_CODES] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

/** The one place error codes become HTTP status codes. */
export const HTTP_STATUS: Record<ApiErrorCode, number> = {
  // A request the API cannot take as asked: a bad query, a malformed body, a bad rule text.
  usage: 400,
  // A well-formed request whose content fails validation (an import that is refused).
  'invalid-input': 422,
  conflict: 409,
  'not-found': 404,
  // The ledger failed its own checks: the server's data, not the request, is at fault.
  integrity: 500,
  storage: 503,
  internal: 500,
  // A run stopped before it finished (a cancelled risk run): nothing to return.
  interrupted: 409,
  'payload-too-large': 413,
  'unsupported-media-type': 415,
  'method-not-allowed': 405,
  // A write to a server started with --read-only.
  forbidden: 403,
  busy: 429,
};

/** The stable error body: `{ error: { code, message, path } }`, with details where there are some. */
export interface ApiErrorBody {
  error: {
    code: ApiErrorCode;
    message: string;
    /** Where in the request the problem is (`query.knownAt`, `body.kind`), or null. */
    path: string | null;
    /** For a refused import: every problem, with file, path inside it and line. */
    issues?: unknown[];
  };
}

export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly code: ApiErrorCode;
  readonly path: string | null;
  readonly issues: unknown[] | undefined;

  constructor(
    code: ApiErrorCode,
    message: string,
    options: { path?: string | null; issues?: unknown[]; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.path = options.path ?? null;
    this.issues = options.issues;
  }

  get status(): number {
    return HTTP_STATUS[this.code];
  }

  toBody(): ApiErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        path: this.path,
        ...(this.issues === undefined ? {} : { issues: this.issues }),
      },
    };
  }
}

/**
 * Anything thrown, as an ApiError: a StargateError keeps its code and `where`; anything else becomes
 * `internal`, with the original kept as `cause` for the log.
 */
export function toApiError(thrown: unknown): ApiError {
  if (thrown instanceof ApiError) return thrown;
  const error: StargateError = toStargateError(thrown);
  const code: ErrorCode = error.code;
  return new ApiError(code, error.message, { path: error.where ?? null, cause: thrown });
}
