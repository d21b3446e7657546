import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbitraryFacts, arbitraryViewPoint } from '../../test/support/arbitrary-facts.js';
import {
  asRecords,
  bundledFacts,
  updateOf,
  septemberExpansion,
} from '../../test/support/ledger-fixtures.js';
import { StargateError } from '../errors.js';
import { verifyChain } from '../ledger/chain.js';
import { withDeferredFactKey, withFactKey, type Fact } from '../ledger/fact.js';
import { foldRecords } from '../ledger/fold.js';
import { GENESIS_HASH } from '../ledger/hasher.js';
import { fieldsOf, type SubjectState } from '../ledger/subject-state.js';
import type { LedgerRecord } from '../model/ledger-record.js';
import { sha256 } from '../platform/sha256.js';
import type { LedgerStore, UnreadableRecord } from './ledger-store.js';

const BY = { recordedAt: '2026-11-28T12:00:00.000Z', recordedBy: 'contract' };

function sorted(states: Iterable<SubjectState>): SubjectState[] {
  return [...states].sort((a, b) => a.id.localeCompare(b.id));
}

/**
 * The order of a state's fields, which views and `status --json` print them in: the fields its
 * create set, by name (the stored payload's canonical order), then the fields only updates set, by
 * name. An adapter must give this order, not merely the same set of fields.
 */
function expectFieldOrder(states: readonly SubjectState[], facts: readonly Fact[]): void {
  for (const state of states) {
    const create = facts.find((f) => f.subject === state.id && f.op === 'create');
    const created = new Set(create ? fieldsOf(create).map(([field]) => field) : []);
    const keys = Object.keys(state.fields);
    expect(keys, `field order of ${state.id}`).toEqual([
      ...keys.filter((k) => created.has(k)).sort(),
      ...keys.filter((k) => !created.has(k)).sort(),
    ]);
  }
}

async function collect(
  records: AsyncIterable<LedgerRecord | UnreadableRecord>,
): Promise<(LedgerRecord | UnreadableRecord)[]> {
  const out: (LedgerRecord | UnreadableRecord)[] = [];
  for await (const r of records) out.push(r);
  return out;
}

/**
 * The behaviour every LedgerStore adapter must have. Each adapter's test file calls this with a
 * factory for a fresh, empty store (SQLite: a new file; PostgreSQL: a new schema).
 */
export function describeLedgerStoreContract(
  name: string,
  openEmpty: () => Promise<LedgerStore>,
): void {
  const withStore = async (work: (store: LedgerStore) => Promise<void>) => {
    const store = await openEmpty();
    try {
      await work(store);
    } finally {
      await store.close();
    }
  };

  describe(`LedgerStore contract: ${name}`, () => {
    it('starts empty, at the genesis hash', () =>
      withStore(async (store) => {
        expect(await store.stats()).toEqual({
          records: 0,
          subjects: 0,
          head: GENESIS_HASH,
          lastRecordedAt: undefined,
        });
      }));

    it('appends facts in order and skips them when appended again', () =>
      withStore(async (store) => {
        const facts = bundledFacts();
        const first = await store.append(facts, BY);
        expect(first).toMatchObject({ added: facts.length, skipped: 0, records: facts.length });
        const again = await store.append(facts, { ...BY, recordedAt: '2026-11-29T00:00:00.000Z' });
        expect(again).toEqual({
          added: 0,
          skipped: facts.length,
          records: facts.length,
          head: first.head,
        });
        expect(await store.stats()).toMatchObject({ records: facts.length, head: first.head });
      }));

    it('keeps nothing from a dry run but reports what it would add', () =>
      withStore(async (store) => {
        const facts = bundledFacts();
        const dry = await store.append(facts, { ...BY, dryRun: true });
        expect(dry.added).toBe(facts.length);
        expect((await store.stats()).records).toBe(0);
      }));

    it('writes nothing when one fact in a batch conflicts', () =>
      withStore(async (store) => {
        const [source, ...rest] = bundledFacts();
        if (!source) throw new Error('the bundled scenario has no facts');
        await store.append([source], BY);
        const changed = withFactKey(
          { ...source, payload: { ...source.payload, title: 'changed' } },
          sha256,
        );
        const error = await store.append([...rest, changed], BY).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(StargateError);
        expect((error as StargateError).code).toBe('conflict');
        expect((await store.stats()).records).toBe(1);
      }));

    it('skips a fact repeated within one append, and refuses a second create or an unknown subject', () =>
      withStore(async (store) => {
        const facts = bundledFacts();
        const update = septemberExpansion(facts);
        const first = await store.append([...facts, update, update, facts[0] as Fact], BY);
        expect(first).toMatchObject({ added: facts.length + 1, skipped: 2 });
        // An update of a subject already in the ledger, appended again: found by its cell.
        expect(await store.append([update], BY)).toMatchObject({ added: 0, skipped: 1 });

        const created = facts.find((f) => f.op === 'create') as Fact;
        const twice = withFactKey({ ...created, note: 'a second create' }, sha256);
        const fresh = withFactKey(
          { ...created, subject: 'new-id', payload: { ...created.payload, id: 'new-id' } },
          sha256,
        );
        const again = withFactKey({ ...fresh, note: 'again' }, sha256);
        const error = await store.append([fresh, again], BY).catch((e: unknown) => e);
        expect((error as StargateError).code).toBe('conflict');
        expect((error as StargateError).message).toMatch(/"new-id" is created twice/);
        const conflict = await store.append([twice], BY).catch((e: unknown) => e);
        expect((conflict as StargateError).code).toBe('conflict');
        const orphan = withFactKey({ ...update, subject: 'no-such-id' }, sha256);
        const missing = await store.append([orphan], BY).catch((e: unknown) => e);
        expect((missing as StargateError).code).toBe('not-found');
        expect((await store.stats()).records).toBe(facts.length + 1);
      }));

    it('stores deferred facts exactly as eager ones: same records, same head', () =>
      withStore(async (store) => {
        const facts = bundledFacts();
        const update = septemberExpansion(facts);
        const eager = [...facts, update];
        const deferred = eager.map((f) => withDeferredFactKey(f, sha256));
        const stored = await store.append(deferred, BY);
        const other = await openEmpty();
        try {
          expect(await other.append(eager, BY)).toEqual(stored);
          expect(await collect(other.records())).toEqual(await collect(store.records()));
        } finally {
          await other.close();
        }
      }));

    it('finds what it holds about ids, and nothing about others', () =>
      withStore(async (store) => {
        await store.append(bundledFacts(), BY);
        const found = await store.findSubjects(['capacity-10gw', 'no-such-id']);
        expect([...found.keys()]).toEqual(['capacity-10gw']);
        expect(found.get('capacity-10gw')).toMatchObject({
          kind: 'pledge',
          valid: '2025-01-21',
          payload: { target: 10000 },
        });
      }));

    it('computes the state at (V, K) exactly as the reference fold, and appending again adds nothing', async () => {
      await fc.assert(
        fc.asyncProperty(
          arbitraryFacts,
          fc.array(arbitraryViewPoint, { minLength: 1, maxLength: 4 }),
          async (facts, points) => {
            await withStore(async (store) => {
              await store.append(facts, BY);
              expect((await store.append(facts, BY)).added).toBe(0);
              for (const at of points) {
                const expected = sorted(foldRecords(asRecords(facts), at).values());
                const states = await store.statesAt(at);
                expect(sorted(states)).toEqual(expected);
                expectFieldOrder(states, facts);
                expect(await store.statesAt(at, ['f0', 'no-such-id'])).toEqual(
                  expected.filter((s) => s.id === 'f0'),
                );
              }
            });
          },
        ),
        { seed: 3, numRuns: 40 },
      );
    });

    it('computes the same states when the facts come in several appends, and finds every repeat', async () => {
      await fc.assert(
        fc.asyncProperty(
          arbitraryFacts,
          fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
          fc.array(arbitraryViewPoint, { minLength: 1, maxLength: 3 }),
          async (facts, cuts, points) => {
            await withStore(async (store) => {
              // Cut the facts (creates first, then updates) into consecutive appends, so a
              // subject's cells arrive in several appends and are merged with what is stored.
              const at = [...new Set(cuts.map((c) => c % (facts.length + 1)))].sort(
                (a, b) => a - b,
              );
              let from = 0;
              for (const to of [...at, facts.length]) {
                await store.append(facts.slice(from, to), BY);
                from = Math.max(from, to);
              }
              expect((await store.stats()).records).toBe(facts.length);
              expect(await store.append(facts, BY)).toMatchObject({ added: 0 });
              const records = asRecords(facts);
              for (const point of points) {
                const expected = sorted(foldRecords(records, point).values());
                const states = await store.statesAt(point);
                expect(sorted(states)).toEqual(expected);
                expectFieldOrder(states, facts);
              }
              for (const id of new Set(facts.map((f) => f.subject)))
                expect((await store.history(id)).map((r) => r.factKey)).toEqual(
                  facts.filter((f) => f.subject === id).map((f) => f.factKey),
                );
              expect(await store.checkDerived()).toEqual([]);
            });
          },
        ),
        { seed: 5, numRuns: 30 },
      );
    });

    it('returns the history of a subject and streams a chain that verifies', () =>
      withStore(async (store) => {
        const facts = bundledFacts();
        await store.append(facts, BY);
        const history = await store.history('capacity-10gw');
        expect(history.map((r) => r.op)).toEqual(['create']);
        expect(history[0]).toMatchObject({
          subject: 'capacity-10gw',
          source: 'ge-2025-07-22',
          known: '2025-01-21',
          recordedBy: 'contract',
        });
        expect(await store.history('no-such-id')).toEqual([]);
        const records = await collect(store.records());
        expect(records.map((r) => r.seq)).toEqual(facts.map((_, i) => i + 1));
        const check = await verifyChain(store.records(), sha256);
        expect(check).toEqual({
          ok: true,
          records: facts.length,
          head: (await store.stats()).head,
        });
        expect(await store.checkDerived()).toEqual([]);
      }));

    it('lists updates in a subject history', () =>
      withStore(async (store) => {
        const facts = bundledFacts();
        const update = updateOf(facts, {
          subject: 'openai-oracle-coreweave',
          validText: '2025-09-30',
          valid: '2025-09-30',
          payload: { capacity_mw: 5000 },
        });
        await store.append([...facts, update], BY);
        expect(await store.append([update], BY)).toMatchObject({ added: 0, skipped: 1 }); // idempotent for updates too
        const history = await store.history('openai-oracle-coreweave');
        expect(history.map((r) => [r.op, r.payload.capacity_mw])).toEqual([
          ['create', 4500],
          ['update', undefined], // the bundled scenario's own update: CoreWeave among the providers
          ['update', 5000],
        ]);
      }));
  });
}
