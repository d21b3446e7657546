import type { SubjectState, ViewPoint } from '../ledger/subject-state.js';
import { StargateError } from '../errors.js';

/** The program a view is about: the one asked for, or the only one in the ledger. */
export function resolveProgram(options: {
  states: readonly SubjectState[];
  program: string | undefined;
  at: ViewPoint;
}): string {
  const programs = options.states
    .filter((s) => s.kind === 'program')
    .map((s) => s.id)
    .sort();
  if (options.program !== undefined) {
    if (programs.includes(options.program)) return options.program;
  } else if (programs.length === 1) return programs[0] as string;
  else if (programs.length > 1)
    throw new StargateError(
      'usage',
      `the ledger holds several programs (${programs.join(', ')}); choose one with --program`,
    );
  const which = options.program === undefined ? 'no program' : `no program "${options.program}"`;
  const known = programs.length > 0 ? ` (known: ${programs.join(', ')})` : '';
  throw new StargateError(
    'not-found',
    `${which} as of ${options.at.asOf}, known at ${options.at.knownAt}${known}; import a scenario first`,
  );
}
