import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chainHash } from '../ledger/chain.js';
import type { Fact } from '../ledger/fact.js';
import { GENESIS_HASH } from '../ledger/hasher.js';
import { planFacts, type ExistingSubject } from '../ledger/plan-facts.js';
import { sha256 } from '../platform/sha256.js';
import type { AppendOptions, LedgerStore } from '../store/ledger-store.js';
import { SqliteLedgerStore } from '../store/sqlite/sqlite-ledger-store.js';
import { DigestsAhead } from './digests-ahead.js';
import { importScenarios, type ImportProgress, type ScenarioText } from './import-scenarios.js';
import { readScenarioFile } from './scenario-file.js';

const dir = mkdtempSync(join(tmpdir(), 'stargate-ahead-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FACILITIES = 20;

/**
 * A scenario of `updates` job counts over FACILITIES facilities (created here unless not
 * `withSubjects`), from `firstDay` (days after 2025-01-01), citing a new `source`.
 */
function scenario(
  file: string,
  updates: number,
  { firstDay = 0, withSubjects = true, source = 's' } = {},
): ScenarioText {
  const day = (n: number) => new Date(Date.UTC(2025, 0, 1 + n)).toISOString().slice(0, 10);
  const doc = {
    format: 'stargate/v1',
    sources: [{ id: source, publisher: 'P', published: '2025-01-01', kind: 'press-report' }],
    ...(withSubjects
      ? {
          sites: [{ id: 'tx1', name: 'T1', state: 'TX', grid_region: 'ERCOT', source: 's' }],
          facilities: Array.from({ length: FACILITIES }, (_, i) => ({
            id: `f${i}`,
            site: 'tx1',
            announced: '2025-01-01',
            status: 'announced',
            venture_party: true,
            source: 's',
          })),
        }
      : {}),
    updates: Array.from({ length: updates }, (_, i) => ({
      subject: `f${i % FACILITIES}`,
      at: day(firstDay + Math.floor(i / FACILITIES)),
      source,
      set: { jobs: (i * 7919) % 5000 },
    })),
  };
  return { file, text: JSON.stringify(doc) };
}

const RECORDED = { recordedAt: '2026-11-29T00:00:00Z', recordedBy: 'test' };

function plannedFacts(file: ScenarioText, existing: Map<string, ExistingSubject>): Fact[] {
  const read = readScenarioFile(file.file, file.text);
  if (!read.ok) throw new Error(JSON.stringify(read.issues));
  const plan = planFacts({
    documents: [{ file: file.file, scenario: read.scenario }],
    existing,
    sha256,
  });
  if (!plan.ok) throw new Error(JSON.stringify(plan.issues));
  return plan.facts;
}

/** Ask for `index` until the worker has it (or a few seconds pass). */
async function textWhenReady(ahead: DigestsAhead, index: number): Promise<string | undefined> {
  for (const deadline = Date.now() + 20_000; Date.now() < deadline;) {
    const text = ahead.textOf(index);
    if (text !== undefined || !ahead.running) return text;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return undefined;
}

describe('DigestsAhead', () => {
  it('hands over the texts, keys and chain hashes the importing thread would make', async () => {
    const file = scenario('a.json', 10_000);
    const head = { seq: 7, hash: sha256('some earlier head') };
    const ahead = DigestsAhead.start([file], RECORDED);
    try {
      ahead.plan(new Map(), head);
      const facts = plannedFacts(file, new Map());
      ahead.expect(facts);
      let prev = head.hash;
      let taken = 0;
      for (let index = 0; index < facts.length; index += 1) {
        const fact = facts[index] as Fact;
        const text = await textWhenReady(ahead, index);
        expect(text, `fact ${index}`).toBe(fact.text);
        expect(ahead.keyOf(index)).toBe(sha256(fact.text));
        const link = { factKey: sha256(fact.text), seq: head.seq + index + 1, ...RECORDED };
        // Linked otherwise than the worker assumed: no hash.
        expect(ahead.chainOf(index, GENESIS_HASH, link)).toBeUndefined();
        expect(ahead.chainOf(index, prev, { ...link, seq: link.seq + 1 })).toBeUndefined();
        expect(ahead.chainOf(index, prev, { ...link, recordedBy: 'someone else' })).toBeUndefined();
        const hash = ahead.chainOf(index, prev, link);
        expect(hash).toBe(chainHash(prev, link, sha256));
        prev = hash as string;
        taken += 1;
      }
      expect(ahead.used).toBe(taken);
      expect(taken).toBe(facts.length);
    } finally {
      ahead.stop();
    }
  });

  it('hands over nothing when the worker planned other facts', async () => {
    const file = scenario('a.json', 10_000);
    const ahead = DigestsAhead.start([file], RECORDED);
    try {
      ahead.plan(new Map(), { seq: 0, hash: GENESIS_HASH });
      // This thread planned one fact fewer than the worker will.
      ahead.expect(plannedFacts(file, new Map()).slice(1));
      expect(await textWhenReady(ahead, 0)).toBeUndefined();
      expect(ahead.running).toBe(false);
      expect(ahead.used).toBe(0);
    } finally {
      ahead.stop();
    }
  });
});

describe('importScenarios with texts and keys made ahead', () => {
  let n = 0;
  /**
   * A store whose append first waits for the worker to hand over fact 0, so that (unlike a small
   * import in real life, which is over before the worker has parsed) the worker takes part.
   */
  const waitingForWorker = (store: SqliteLedgerStore, seen: DigestsAhead[]): LedgerStore =>
    new Proxy(store, {
      get(target, key) {
        if (key !== 'append') {
          const value = Reflect.get(target, key, target) as unknown;
          return typeof value === 'function' ? value.bind(target) : value;
        }
        return async (facts: readonly Fact[], options: AppendOptions) => {
          const digests = options.digests as DigestsAhead;
          seen.push(digests);
          await textWhenReady(digests, 0);
          return target.append(facts, options);
        };
      },
    });
  const importInto = async (store: LedgerStore, file: ScenarioText, ahead: boolean) => {
    let used = -1;
    const outcome = await importScenarios({
      store,
      files: [file],
      sha256,
      ...RECORDED,
      digestsAhead: ahead,
      onProgress: (p: ImportProgress) => {
        if (p.phase === 'written') used = p.ahead;
      },
    });
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.issues));
    return { ...outcome.result, used };
  };
  const allRecords = async (store: SqliteLedgerStore) => {
    const out: unknown[] = [];
    for await (const r of store.records()) out.push(r);
    return out;
  };

  it('writes the same ledger as one thread: fresh, after earlier records, with repeats, and again', async () => {
    const one = SqliteLedgerStore.open(join(dir, `one-${(n += 1)}.db`), { sha256 });
    const two = SqliteLedgerStore.open(join(dir, `two-${n}.db`), { sha256 });
    const seen: DigestsAhead[] = [];
    const helpedStore = waitingForWorker(two, seen);
    try {
      const first = scenario('first.json', 12_000);
      // New updates of existing facilities; then a file whose first half repeats the end of the
      // first file, so facts are skipped and the worker's chain (which assumed none were) stops
      // applying.
      const second = scenario('second.json', 12_000, {
        firstDay: 300,
        withSubjects: false,
        source: 's2',
      });
      const repeats = JSON.parse(first.text) as { updates: unknown[] };
      const more = JSON.parse(second.text) as { updates: unknown[] };
      more.updates = [...repeats.updates.slice(6_000), ...more.updates.slice(6_000)];
      const mixed = { file: 'mixed.json', text: JSON.stringify(more) };

      for (const file of [first, second, mixed, first]) {
        const single = await importInto(one, file, false);
        const helped = await importInto(helpedStore, file, true);
        expect(helped, file.file).toEqual({ ...single, used: helped.used });
        expect(single.used).toBe(0);
        expect(helped.used, file.file).toBe((seen.at(-1) as DigestsAhead).used);
      }
      // How much the worker did depends on timing; that it took part, and where its chain hashes
      // hold, does not: not after a skipped fact (the mixed file's first, its source, is one).
      const [fresh, after, mixedIn, again] = seen.map((d) => [d.used > 0, d.chained > 0]);
      expect({ fresh, after, mixedIn, again }).toEqual({
        fresh: [true, true],
        after: [true, true],
        mixedIn: [true, false],
        again: [true, false],
      });
      expect(await allRecords(two)).toEqual(await allRecords(one));
      expect(await two.checkDerived()).toEqual([]);
    } finally {
      await one.close();
      await two.close();
    }
  });
});
