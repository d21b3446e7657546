import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { startFacts } from '../../../test/support/ledger-fixtures.js';
import { StargateError } from '../../errors.js';
import { verifyChain } from '../../ledger/chain.js';
import type { LedgerRecord } from '../../model/ledger-record.js';
import { sha256 } from '../../platform/sha256.js';
import type { UnreadableRecord } from '../ledger-store.js';
import { decodeBlock, RECORDS_PER_BLOCK, RecordBlockWriter } from './record-blocks.js';
import { SqliteLedgerStore } from './sqlite-ledger-store.js';

const dir = mkdtempSync(join(tmpdir(), 'stargate-blocks-'));
let n = 0;
const freshPath = () => join(dir, `ledger-${(n += 1)}.db`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const at = (day: number) => ({ recordedAt: `2026-11-0${day}T00:00:00.000Z`, recordedBy: 'test' });

/** What `start` seeds, in three appends of 70, 30 and the rest, each recorded on its own day. */
async function ledgerInThreeAppends(): Promise<{ path: string; total: number }> {
  const path = freshPath();
  const store = SqliteLedgerStore.open(path, { sha256 });
  const facts = startFacts();
  await store.append(facts.slice(0, 70), at(1));
  await store.append(facts.slice(70, 100), at(2));
  await store.append(facts.slice(100), at(3));
  await store.close();
  return { path, total: facts.length };
}

async function allRecords(path: string): Promise<(LedgerRecord | UnreadableRecord)[]> {
  const store = SqliteLedgerStore.open(path, { sha256 });
  try {
    const records: (LedgerRecord | UnreadableRecord)[] = [];
    for await (const record of store.records()) records.push(record);
    return records;
  } finally {
    await store.close();
  }
}

function blocksOf(path: string): { first: number; batch: number; count: number }[] {
  const db = new Database(path, { readonly: true });
  try {
    return db
      .prepare('SELECT first_seq AS first, batch, count FROM record_blocks ORDER BY first_seq')
      .all() as { first: number; batch: number; count: number }[];
  } finally {
    db.close();
  }
}

describe('records in blocks', () => {
  it('fills blocks of 64 within an append, never across two, and reads every record back in order', async () => {
    const { path, total } = await ledgerInThreeAppends();
    expect(total).toBeGreaterThan(100);
    expect(blocksOf(path)).toEqual([
      { first: 1, batch: 1, count: RECORDS_PER_BLOCK },
      { first: 65, batch: 1, count: 6 },
      { first: 71, batch: 2, count: 30 },
      { first: 101, batch: 3, count: total - 100 },
    ]);
    const records = (await allRecords(path)) as LedgerRecord[];
    expect(records.map((r) => r.seq)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(records.map((r) => r.recordedAt.slice(0, 10))).toEqual([
      ...Array<string>(70).fill('2026-11-01'),
      ...Array<string>(30).fill('2026-11-02'),
      ...Array<string>(total - 100).fill('2026-11-03'),
    ]);
    for (const record of records) expect(record.factKey).toMatch(/^[0-9a-f]{64}$/);

    const store = SqliteLedgerStore.open(path, { sha256 });
    try {
      const chain = await verifyChain(store.records(), sha256);
      expect(chain).toEqual({ ok: true, records: total, head: (await store.stats()).head });
      // A history gathers its subject's records from whichever blocks hold them.
      const subject = (records[69] as LedgerRecord).subject;
      expect(await store.history(subject)).toEqual(records.filter((r) => r.subject === subject));
    } finally {
      await store.close();
    }
  });

  it('reports the records of a block whose parts disagree as unreadable, and verify names the first', async () => {
    const { path, total } = await ledgerInThreeAppends();
    const db = new Database(path);
    // An extra fact text in the second block: 7 texts for 6 records.
    db.prepare(
      `UPDATE record_blocks SET facts = facts || char(10) || '{}' WHERE first_seq = 65`,
    ).run();
    db.close();
    const records = await allRecords(path);
    expect(records).toHaveLength(total);
    const damaged = records.filter((r) => 'unreadable' in r) as UnreadableRecord[];
    expect(damaged.map((r) => r.seq)).toEqual([65, 66, 67, 68, 69, 70]);
    expect(damaged[0]?.unreadable).toMatch(/holds 7 fact texts for 6 records/);

    const store = SqliteLedgerStore.open(path, { sha256 });
    try {
      expect(await verifyChain(store.records(), sha256)).toMatchObject({ ok: false, seq: 65 });
    } finally {
      await store.close();
    }
  });

  it('reads records another connection appends during a walk, with their batch', async () => {
    const path = freshPath();
    const facts = startFacts();
    const reader = SqliteLedgerStore.open(path, { sha256 });
    const writer = SqliteLedgerStore.open(path, { sha256 });
    try {
      await writer.append(facts.slice(0, 40), at(1));
      const walk = reader.records()[Symbol.asyncIterator]();
      const first = await walk.next();
      expect(first.value).toMatchObject({ seq: 1 });
      // The walk has read its first page and the batches; another connection appends meanwhile.
      await writer.append(facts.slice(40), at(2));
      const rest: (LedgerRecord | UnreadableRecord)[] = [];
      for (let next = await walk.next(); next.done !== true; next = await walk.next())
        rest.push(next.value);
      expect(rest).toHaveLength(facts.length - 1);
      expect(rest.filter((r) => 'unreadable' in r)).toEqual([]);
      expect((rest.at(-1) as LedgerRecord).recordedAt).toBe(at(2).recordedAt);
    } finally {
      await reader.close();
      await writer.close();
    }
  });

  it('finds a cut digest and an impossible count', () => {
    const texts = ['{"a":1}', '{"a":2}'].join('\n');
    const keys = Buffer.alloc(64, 1);
    expect(decodeBlock([1, 1, 2, texts, keys.subarray(0, 40), keys])).toMatchObject([
      { seq: 1, damage: expect.stringMatching(/not 2 digests/) },
      { seq: 2, damage: expect.stringMatching(/not 2 digests/) },
    ]);
    expect(decodeBlock([1, 1, 1e9, texts, keys, keys])).toEqual([
      { seq: 1, batch: 1, damage: expect.stringMatching(/claims 1000000000 records/) },
    ]);
    expect(decodeBlock([5, 2, 2, texts, keys, keys])).toEqual([
      { seq: 5, batch: 2, text: '{"a":1}', factKey: '01'.repeat(32), hash: '01'.repeat(32) },
      { seq: 6, batch: 2, text: '{"a":2}', factKey: '01'.repeat(32), hash: '01'.repeat(32) },
    ]);
  });

  it('refuses a key that is not SHA-256 hex, writing nothing', () => {
    const db = new Database(':memory:');
    db.exec(
      'CREATE TABLE record_blocks (first_seq INTEGER PRIMARY KEY, batch INTEGER, count INTEGER, facts TEXT, fact_keys BLOB, hashes BLOB)',
    );
    const writer = new RecordBlockWriter(db, { batch: 1, from: 1 });
    writer.add('{}', 'ab'.repeat(32), 'cd'.repeat(32));
    writer.add('{}', 'not a key', 'cd'.repeat(32));
    expect(() => writer.flush()).toThrow(StargateError);
    expect(() => writer.flush()).toThrow(/fact key "not a key" is not SHA-256 hex/);
    expect(db.prepare('SELECT count(*) FROM record_blocks').pluck().get()).toBe(0);
    db.close();
  });
});
