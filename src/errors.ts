/**
 * The one error type for real failures. Expected outcomes (an invalid file, a stalled pledge) are
 * values; a StargateError is for what stops a command. Each code maps to an exit code here and, later,
 * to an HTTP status: a new code without a mapping fails to compile.
 */
export const ERROR_CODES = [
  'usage',
  'invalid-input',
  'conflict',
  'not-found',
  'integrity',
  'storage',
  'internal',
  'interrupted',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const EXIT_CODE: Record<ErrorCode, number> = {
  usage: 2,
  'invalid-input': 1,
  conflict: 1,
  'not-found': 1,
  integrity: 1,
  storage: 3,
  internal: 3,
  // The shell's convention for a command stopped by Ctrl-C (128 + SIGINT).
  interrupted: 130,
};

export class StargateError extends Error {
  override readonly name = 'StargateError';
  readonly code: ErrorCode;
  /** Where the problem is: a file, a path inside it, a record. */
  readonly where: string | undefined;

  constructor(code: ErrorCode, message: string, options: { where?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.where = options.where;
  }
}

/** Turn anything thrown into a StargateError, keeping the original as `cause`. */
export function toStargateError(thrown: unknown): StargateError {
  if (thrown instanceof StargateError) return thrown;
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  return new StargateError('internal', message, { cause: thrown });
}
