import type { Hasher } from '../ledger/hasher.js';
import type { Fact } from '../ledger/fact.js';
import {
  mentionedIds,
  planFacts,
  type FactPlan,
  type ScenarioDocument,
} from '../ledger/plan-facts.js';
import { positionIssues } from '../governance/check-positions.js';
import type { LedgerRecord } from '../model/ledger-record.js';
import type { AppendResult, LedgerStore } from '../store/ledger-store.js';
import { formatPath, readScenarioFile, SourceLocator, type FileIssue } from './scenario-file.js';

export interface ScenarioText {
  file: string;
  text: string;
}

/** Milestones of an import, for progress output on long runs. */
export type ImportProgress =
  | { phase: 'validated'; files: number; ms: number }
  | { phase: 'planned'; facts: number; ms: number }
  | { phase: 'writing'; done: number; total: number; ms: number }
  | { phase: 'written'; added: number; ms: number };

export type ImportOutcome =
  | { ok: true; dryRun: boolean; files: string[]; facts: number; result: AppendResult }
  | { ok: false; issues: FileIssue[] };

/**
 * Import scenario files as one transaction: every file is parsed and validated, every reference
 * resolved and every fact planned before anything is written; then all facts are appended together or
 * not at all. Facts already in the ledger are skipped, so importing the same files twice adds nothing.
 */
export async function importScenarios(options: {
  store: LedgerStore;
  files: readonly ScenarioText[];
  sha256: Hasher;
  recordedBy: string;
  recordedAt: string;
  dryRun?: boolean;
  onProgress?: (progress: ImportProgress) => void;
}): Promise<ImportOutcome> {
  const { store, files, sha256 } = options;
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const report = options.onProgress ?? (() => undefined);
  const issues: FileIssue[] = [];
  const documents: ScenarioDocument[] = [];
  for (const { file, text } of files) {
    const read = readScenarioFile(file, text);
    if (read.ok) documents.push({ file, scenario: read.scenario });
    else issues.push(...read.issues);
  }
  if (issues.length > 0) return { ok: false, issues };
  report({ phase: 'validated', files: documents.length, ms: elapsed() });

  const existing = await store.findSubjects(mentionedIds(documents));
  const planned = planFacts({ documents, existing, sha256 });
  const plan: FactPlan = planned.ok
    ? await checkGovernance({ store, documents, facts: planned.facts })
    : planned;
  if (!plan.ok) {
    const locators = new Map<string, SourceLocator>();
    const locate = (file: string, path: (string | number)[]): number | undefined => {
      const text = files.find((f) => f.file === file)?.text;
      if (text === undefined) return undefined;
      let locator = locators.get(file);
      if (!locator) locators.set(file, (locator = new SourceLocator(text)));
      return locator.lineOf(path);
    };
    return {
      ok: false,
      issues: plan.issues.map((i) => ({
        file: i.file,
        path: formatPath(i.path),
        line: locate(i.file, i.path),
        message: i.message,
      })),
    };
  }
  report({ phase: 'planned', facts: plan.facts.length, ms: elapsed() });
  const result = await store.append(plan.facts, {
    recordedAt: options.recordedAt,
    recordedBy: options.recordedBy,
    dryRun: options.dryRun === true,
    onProgress: (done, total) => report({ phase: 'writing', done, total, ms: elapsed() }),
  });
  report({ phase: 'written', added: result.added, ms: elapsed() });
  return {
    ok: true,
    dryRun: options.dryRun === true,
    files: files.map((f) => f.file),
    facts: plan.facts.length,
    result,
  };
}

/**
 * The checks that need the ledger's history, not only the new facts: positions by members only, not
 * dated before their decision opened. Reads only the records of the subjects involved.
 */
async function checkGovernance(options: {
  store: LedgerStore;
  documents: ScenarioDocument[];
  facts: Fact[];
}): Promise<FactPlan> {
  const { store, documents, facts } = options;
  const positionFacts = facts.filter((f) => f.kind === 'position');
  if (positionFacts.length === 0) return { ok: true, facts };
  const stored: LedgerRecord[] = [];
  const fetched = new Set<string>();
  const fetch = async (id: string) => {
    if (fetched.has(id)) return [];
    fetched.add(id);
    const history = await store.history(id);
    stored.push(...history);
    return history;
  };
  const payloadsOf = async (id: string) => [
    ...facts.filter((f) => f.subject === id).map((f) => f.payload),
    ...(await fetch(id)).map((r) => r.payload),
  ];
  const decisions = new Set<string>();
  for (const f of positionFacts)
    for (const payload of await payloadsOf(f.subject))
      if (typeof payload.decision === 'string') decisions.add(payload.decision);
  for (const d of decisions)
    for (const payload of await payloadsOf(d))
      if (typeof payload.program === 'string') await fetch(payload.program);
  const issues = positionIssues({ documents, facts, stored });
  return issues.length > 0 ? { ok: false, issues } : { ok: true, facts };
}
