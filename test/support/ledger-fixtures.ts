import { readFileSync } from 'node:fs';
import { BUNDLED_PLANNING, BUNDLED_SCENARIO } from '../../src/app/bundled-files.js';
import { readScenarioFile } from '../../src/app/scenario-file.js';
import { factToFoldable, withFactKey, type Fact } from '../../src/ledger/fact.js';
import { planFacts } from '../../src/ledger/plan-facts.js';
import type { FoldableRecord } from '../../src/ledger/subject-state.js';
import { sha256 } from '../../src/platform/sha256.js';

export { BUNDLED_PLANNING, BUNDLED_SCENARIO };

/** The bundled scenario's facts, planned against an empty ledger. */
export function bundledFacts(): Fact[] {
  return factsFromText('stargate.yaml', readFileSync(BUNDLED_SCENARIO, 'utf8'));
}

/** What `stargate start` seeds: the scenario and the planner's inputs, planned together. */
export function startFacts(): Fact[] {
  return factsFromFiles([
    { file: 'stargate.yaml', text: readFileSync(BUNDLED_SCENARIO, 'utf8') },
    { file: 'stargate-planning.yaml', text: readFileSync(BUNDLED_PLANNING, 'utf8') },
  ]);
}

export function factsFromText(file: string, text: string): Fact[] {
  return factsFromFiles([{ file, text }]);
}

function factsFromFiles(files: readonly { file: string; text: string }[]): Fact[] {
  const documents = files.map(({ file, text }) => {
    const read = readScenarioFile(file, text);
    if (!read.ok) throw new Error(read.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
    return { file, scenario: read.scenario };
  });
  const plan = planFacts({
    documents,
    existing: new Map(),
    sha256,
  });
  if (!plan.ok)
    throw new Error(plan.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
  return plan.facts;
}

/** Give facts the seqs a ledger would, in the given order. */
export function asRecords(facts: readonly Fact[]): FoldableRecord[] {
  return facts.map((fact, i) => factToFoldable(fact, i + 1));
}

/** An update to a subject of `facts`, dated `valid` (and known then), with the basis of its create. */
export function updateOf(
  facts: readonly Fact[],
  change: { subject: string; validText: string; valid: string; payload: Record<string, unknown> },
): Fact {
  const created = facts.find((f) => f.subject === change.subject && f.op === 'create');
  if (!created) throw new Error(`no create for ${change.subject}`);
  return withFactKey({ ...created, op: 'update', known: change.valid, ...change }, sha256);
}

/**
 * The store tests' usual update: the bundled 4.5 GW contract grown to 5,000 MW in September 2025
 * (a month-precision date, so its valid text differs from its valid day).
 */
export function septemberExpansion(facts: readonly Fact[]): Fact {
  return updateOf(facts, {
    subject: 'openai-oracle-coreweave',
    validText: '2025-09',
    valid: '2025-09-30',
    payload: { capacity_mw: 5000 },
  });
}
