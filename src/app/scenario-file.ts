import { LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { Scenario } from '../model/scenario.js';
import { isPlainUpdate } from '../model/update.js';

/** One problem in an input file, placed as precisely as the parser allows. */
export interface FileIssue {
  file: string;
  /** Path inside the document, e.g. `pledges[2].deadline`; empty for the whole file. */
  path: string;
  line: number | undefined;
  message: string;
}

export type ScenarioFileOutcome =
  { ok: true; scenario: Scenario } | { ok: false; issues: FileIssue[] };

/** `['pledges', 2, 'deadline']` → `pledges[2].deadline`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path)
    out += typeof key === 'number' ? `[${key}]` : out === '' ? String(key) : `.${String(key)}`;
  return out;
}

export function formatIssue(issue: FileIssue): string {
  const where = [issue.file, issue.line === undefined ? undefined : String(issue.line)]
    .filter(Boolean)
    .join(':');
  return `${where}: ${issue.path === '' ? '' : `${issue.path}: `}${issue.message}`;
}

/** Locates paths in a document's text, for messages; built only when there is something to report. */
export class SourceLocator {
  readonly #doc: Document;
  readonly #lines: LineCounter;

  constructor(text: string) {
    this.#lines = new LineCounter();
    this.#doc = parseDocument(text, { lineCounter: this.#lines, keepSourceTokens: false });
  }

  /** The line of the node at `path`, or of its nearest ancestor that exists. */
  lineOf(path: readonly (string | number)[]): number | undefined {
    for (let depth = path.length; depth >= 0; depth -= 1) {
      const node = this.#doc.getIn(path.slice(0, depth), true) as
        { range?: [number, number, number] } | undefined;
      if (node && typeof node === 'object' && node.range)
        return this.#lines.linePos(node.range[0]).line;
    }
    return undefined;
  }
}

export function parseText(
  file: string,
  text: string,
): { ok: true; data: unknown } | { ok: false; issues: FileIssue[] } {
  const looksJson = file.endsWith('.json') || /^\s*[[{]/.test(text);
  if (looksJson) {
    try {
      return { ok: true, data: JSON.parse(text) as unknown };
    } catch {
      // Fall through: the YAML parser reads JSON too and reports where it broke.
    }
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      issues: doc.errors.map((e) => ({
        file,
        path: '',
        line: e.linePos?.[0].line,
        message: `cannot parse ${looksJson ? 'JSON' : 'YAML'}: ${(e.message.split('\n')[0] ?? e.message).replace(/ at line \d+, (column \d+):$/, ' ($1)')}`,
      })),
    };
  }
  return { ok: true, data: doc.toJS({ maxAliasCount: 100 }) as unknown };
}

export function zodIssuesToFileIssues(
  file: string,
  text: string,
  issues: readonly z.core.$ZodIssue[],
): FileIssue[] {
  const locator = new SourceLocator(text);
  return issues.map((issue) => {
    const path = issue.path.filter((k): k is string | number => typeof k !== 'symbol');
    return { file, path: formatPath(path), line: locator.lineOf(path), message: issue.message };
  });
}

const FAST_PATH_MIN = 1_000;

/** Parse and validate one scenario file (YAML or JSON). Never throws for bad content. */
export function readScenarioFile(file: string, text: string): ScenarioFileOutcome {
  const parsed = parseText(file, text);
  if (!parsed.ok) return parsed;
  if (parsed.data === null || typeof parsed.data !== 'object' || Array.isArray(parsed.data)) {
    return {
      ok: false,
      issues: [
        {
          file,
          path: '',
          line: 1,
          message: 'expected a scenario: a mapping with format: stargate/v1',
        },
      ],
    };
  }
  // Large feeds are mostly plain updates: check those with the fast path and the rest with the schema.
  // Any update the fast path does not accept sends the whole file through the schema for exact errors.
  const { updates } = parsed.data as { updates?: unknown };
  if (Array.isArray(updates) && updates.length >= FAST_PATH_MIN && updates.every(isPlainUpdate)) {
    const rest = Scenario.safeParse({ ...parsed.data, updates: [] });
    if (!rest.success)
      return { ok: false, issues: zodIssuesToFileIssues(file, text, rest.error.issues) };
    return { ok: true, scenario: { ...rest.data, updates } };
  }
  const result = Scenario.safeParse(parsed.data);
  if (!result.success)
    return { ok: false, issues: zodIssuesToFileIssues(file, text, result.error.issues) };
  return { ok: true, scenario: result.data };
}
