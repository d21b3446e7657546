import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FACILITIES, jobCountScenario } from '../../test/support/job-count-scenario.js';
import { chainHash } from '../ledger/chain.js';
import type { Fact } from '../ledger/fact.js';
import { GENESIS_HASH } from '../ledger/hasher.js';
import { planFacts, type ExistingSubject } from '../ledger/plan-facts.js';
import { sha256 } from '../platform/sha256.js';
import type { AppendOptions, FactDigests, LedgerStore } from '../store/ledger-store.js';
import { SqliteLedgerStore } from '../store/sqlite/sqlite-ledger-store.js';
import { DigestsAhead } from './digests-ahead.js';
import { importScenarios, type ImportProgress, type ScenarioText } from './import-scenarios.js';
import { readScenarioFile } from './scenario-file.js';

const dir = mkdtempSync(join(tmpdir(), 'stargate-ahead-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A generated scenario as a file to import. */
function scenario(
  file: string,
  updates: number,
  options: Parameters<typeof jobCountScenario>[1] = {},
): ScenarioText {
  return { file, text: JSON.stringify(jobCountScenario(updates, options)) };
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

/** Ask for `index` until the worker has it (or the deadline, by default 20 s from now, passes). */
async function textWhenReady(
  ahead: DigestsAhead,
  index: number,
  deadline = Date.now() + 20_000,
): Promise<string | undefined> {
  while (Date.now() < deadline) {
    const text = ahead.textOf(index);
    if (text !== undefined || !ahead.running) return text;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return undefined;
}

describe('DigestsAhead', () => {
  it('takes over where this thread links, with the texts, keys and hashes it would make', async () => {
    const file = scenario('a.json', 10_000);
    const ahead = DigestsAhead.start([file]);
    try {
      ahead.plan(new Map());
      const facts = plannedFacts(file, new Map());
      ahead.expect(facts);
      for (const deadline = Date.now() + 20_000; !ahead.ready && Date.now() < deadline;) {
        expect(ahead.textOf(0)).toBeUndefined();
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      expect(ahead.ready).toBe(true);
      // Fact 0, linked by this thread after a head of 7 records: the worker starts there.
      let prev = sha256('some earlier head');
      const link0 = { factKey: sha256((facts[0] as Fact).text), seq: 8, ...RECORDED };
      expect(ahead.chainOf(0, prev, link0)).toBeUndefined();
      prev = chainHash(prev, link0, sha256);
      // One deadline for all: a worker that stops handing over fails the test once, not per fact.
      const deadline = Date.now() + 60_000;
      for (let index = 1; index < facts.length; index += 1) {
        const fact = facts[index] as Fact;
        expect(await textWhenReady(ahead, index, deadline), `fact ${index}`).toBe(fact.text);
        expect(ahead.keyOf(index)).toBe(sha256(fact.text));
        const link = { factKey: sha256(fact.text), seq: 8 + index, ...RECORDED };
        // Linked otherwise than the worker assumed: no hash.
        expect(ahead.chainOf(index, GENESIS_HASH, link)).toBeUndefined();
        expect(ahead.chainOf(index, prev, { ...link, seq: link.seq + 1 })).toBeUndefined();
        expect(ahead.chainOf(index, prev, { ...link, recordedBy: 'someone else' })).toBeUndefined();
        const hash = ahead.chainOf(index, prev, link);
        expect(hash).toBe(chainHash(prev, link, sha256));
        prev = hash as string;
      }
      expect([ahead.used, ahead.chained]).toEqual([facts.length - 1, facts.length - 1]);
    } finally {
      ahead.stop();
    }
  });

  it('hands over nothing when the worker planned other facts', async () => {
    const file = scenario('a.json', 10_000);
    const ahead = DigestsAhead.start([file]);
    try {
      ahead.plan(new Map());
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
   * A store whose append waits for the worker: first until it is ready, then, once it has started,
   * for each fact's text (unlike a real import, where a small file is written before the worker has
   * parsed it). So what the worker hands over is the same on every run.
   */
  const waitingForWorker = (store: SqliteLedgerStore, seen: DigestsAhead[]): LedgerStore =>
    new Proxy(store, {
      get(target, key) {
        if (key !== 'append') {
          const value = Reflect.get(target, key, target) as unknown;
          return typeof value === 'function' ? value.bind(target) : value;
        }
        return async (facts: readonly Fact[], options: AppendOptions) => {
          const ahead = options.digests as DigestsAhead;
          seen.push(ahead);
          for (const deadline = Date.now() + 20_000; !ahead.ready && Date.now() < deadline;) {
            ahead.textOf(0);
            await new Promise((resolve) => setTimeout(resolve, 2));
          }
          let started = false;
          const nap = new Int32Array(new SharedArrayBuffer(4));
          const patient: FactDigests = {
            textOf: (index) => {
              for (const deadline = Date.now() + 20_000; Date.now() < deadline;) {
                const text = ahead.textOf(index);
                if (text !== undefined || !started || !ahead.running) return text;
                Atomics.wait(nap, 0, 0, 1);
              }
              return undefined;
            },
            keyOf: (index) => ahead.keyOf(index),
            chainOf: (index, prev, link) => {
              const hash = ahead.chainOf(index, prev, link);
              started = true;
              return hash;
            },
          };
          return target.append(facts, { ...options, digests: patient });
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
      digestsAhead: ahead ? (files) => DigestsAhead.start(files) : undefined,
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
      // New updates of existing facilities, citing a new source.
      const second = scenario('second.json', 12_000, {
        firstDay: 300,
        withSubjects: false,
        source: 's2',
      });
      // A new source, then 6,000 updates already in the ledger, then 6,000 new ones: the worker
      // starts at the source, and its chain (which assumed no fact skipped) no longer holds after.
      const third = JSON.parse(
        scenario('third.json', 6_000, { firstDay: 700, withSubjects: false, source: 's3' }).text,
      ) as { updates: unknown[] };
      const repeats = (JSON.parse(first.text) as { updates: unknown[] }).updates.slice(6_000);
      third.updates = [...repeats, ...third.updates];
      const mixed = { file: 'mixed.json', text: JSON.stringify(third) };

      for (const file of [first, second, mixed, first]) {
        const single = await importInto(one, file, false);
        const helped = await importInto(helpedStore, file, true);
        expect(helped, file.file).toEqual({ ...single, used: helped.used });
        expect(single.used).toBe(0);
        expect(helped.used, file.file).toBe((seen.at(-1) as DigestsAhead).used);
      }
      // The worker starts at the first record linked once it is ready, and hands over every
      // text and key after it; its chain hashes hold unless a fact was skipped since the start.
      const counts = seen.map((d) => [d.used, d.chained]);
      expect(counts).toEqual([
        // first.json: fact 0 is linked here, the rest comes from the worker.
        [12_000 + FACILITIES + 2 - 1, 12_000 + FACILITIES + 2 - 1],
        // second.json: likewise, after the first file's records.
        [12_000, 12_000],
        // mixed.json: every text and key after its source; no chain hash after the first repeat.
        [12_000, 0],
        // first.json again: nothing is linked, so the worker never starts.
        [0, 0],
      ]);
      expect(await allRecords(two)).toEqual(await allRecords(one));
      expect(await two.checkDerived()).toEqual([]);
    } finally {
      await one.close();
      await two.close();
    }
  });
});
