import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { bundledFacts, septemberExpansion } from '../../../test/support/ledger-fixtures.js';
import { StargateError } from '../../errors.js';
import { verifyChain } from '../../ledger/chain.js';
import { withFactKey } from '../../ledger/fact.js';
import { sha256 } from '../../platform/sha256.js';
import { describeLedgerStoreContract } from '../ledger-store.contract.js';
import { MIGRATIONS } from './migrations.js';
import { SqliteLedgerStore } from './sqlite-ledger-store.js';
import { ChunkReader, encodeChunk } from './timeline-chunk.js';

const dir = mkdtempSync(join(tmpdir(), 'stargate-sqlite-'));
let n = 0;
const freshPath = () => join(dir, `ledger-${(n += 1)}.db`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeLedgerStoreContract('SQLite', async () => SqliteLedgerStore.open(freshPath(), { sha256 }));
// Every append takes the bulk path (rollback journal for the transaction, then back to WAL).
describeLedgerStoreContract('SQLite, bulk appends', async () =>
  SqliteLedgerStore.open(freshPath(), { sha256, bulkAppendFacts: 1 }),
);

// Two cells per timeline chunk: every subject's history spans chunks, and appends that touch a
// subject fill its last chunk and start new ones.
describeLedgerStoreContract('SQLite, tiny timeline chunks', async () =>
  SqliteLedgerStore.open(freshPath(), { sha256, chunkCells: 2 }),
);

const BY = { recordedAt: '2026-11-28T12:00:00.000Z', recordedBy: 'test' };
/** The timeline rows of one bundled subject (rowid = sid × 65,536 + chunk). */
const OF_COREWEAVE =
  "id / 65536 = (SELECT sid FROM subjects WHERE subject = 'openai-oracle-coreweave')";

describe('SqliteLedgerStore', () => {
  it('keeps the ledger in one WAL-mode file that survives reopening, at the latest schema version', async () => {
    const path = freshPath();
    const store = SqliteLedgerStore.open(path, { sha256 });
    const { head } = await store.append(bundledFacts(), BY);
    await store.close();
    const db = new Database(path, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    db.close();
    const reopened = SqliteLedgerStore.open(path, { sha256 });
    expect((await reopened.stats()).head).toBe(head);
    await reopened.close();
  });

  it('returns to WAL after a bulk append, and appends in WAL when another connection is open', async () => {
    const path = freshPath();
    const store = SqliteLedgerStore.open(path, { sha256, bulkAppendFacts: 1 });
    const facts = bundledFacts();
    const [first, ...rest] = facts;
    if (!first) throw new Error('the bundled scenario has no facts');
    await store.append([first], BY);
    const reader = new Database(path, { readonly: true });
    expect(reader.pragma('journal_mode', { simple: true })).toBe('wal');
    reader.prepare('SELECT coalesce(sum(count), 0) FROM record_blocks').pluck().get();
    // The switch to a rollback journal fails with a reader open; the append runs in WAL instead.
    expect(await store.append(rest, BY)).toMatchObject({ added: rest.length });
    expect(reader.prepare('SELECT coalesce(sum(count), 0) FROM record_blocks').pluck().get()).toBe(
      facts.length,
    );
    reader.close();
    await store.close();
    const db = new Database(path, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('refuses a database from a newer stargate', () => {
    const path = freshPath();
    const db = new Database(path);
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    db.close();
    expect(() => SqliteLedgerStore.open(path, { sha256 })).toThrow(/newer than this stargate/);
  });

  it('finds a cell whose record is missing or about another subject', async () => {
    const path = freshPath();
    const store = SqliteLedgerStore.open(path, { sha256 });
    const facts = bundledFacts();
    await store.append([...facts, septemberExpansion(facts)], BY);
    await store.close();
    const update = facts.length + 1;
    // The update's cell made to name another seq: past the last record, then the first record.
    let named = update;
    for (const [seq, problem] of [
      [update + 5, `field cell of record ${update + 5} \\(capacity_mw\\) names no update`],
      [1, 'field cell of record 1 \\(capacity_mw\\) names no update of this subject'],
    ] as const) {
      const db = new Database(path);
      const [id, cells, vals] = db
        .prepare(`SELECT id, cells, vals FROM timelines WHERE ${OF_COREWEAVE}`)
        .raw()
        .get() as [number, Buffer, string];
      const chunk = new ChunkReader(cells, vals);
      const entries = Array.from({ length: chunk.count }, (_, i) => chunk.entry(i)).map((e) =>
        e.seq === named ? { ...e, seq } : e,
      );
      const encoded = encodeChunk(entries);
      db.prepare('UPDATE timelines SET cells = ?, vals = ? WHERE id = ?').run(
        encoded.cells,
        encoded.values,
        id,
      );
      db.close();
      named = seq;
      const tampered = SqliteLedgerStore.open(path, { sha256 });
      expect(await tampered.checkDerived()).toEqual(
        expect.arrayContaining([expect.stringMatching(new RegExp(problem))]),
      );
      await tampered.close();
    }
  });

  it("finds a field cell changed behind the ledger's back", async () => {
    const path = freshPath();
    const store = SqliteLedgerStore.open(path, { sha256 });
    const facts = bundledFacts();
    const update = septemberExpansion(facts);
    await store.append([...facts, update], BY);
    expect(await store.checkDerived()).toEqual([]);
    await store.close();
    // The timeline's value text: 5000 becomes 9000 for what views show.
    const db = new Database(path);
    expect(
      db
        .prepare(`UPDATE timelines SET vals = replace(vals, '5000', '9000') WHERE ${OF_COREWEAVE}`)
        .run().changes,
    ).toBe(1);
    db.close();
    const tampered = SqliteLedgerStore.open(path, { sha256 });
    expect(await tampered.checkDerived()).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          new RegExp(`field cell of record ${facts.length + 1} \\(capacity_mw\\) does not match`),
        ),
      ]),
    );
    await tampered.close();
    // A cell dropped from a chunk (its last entry, not its value): the chunk no longer adds up.
    const db2 = new Database(path);
    db2
      .prepare(`UPDATE timelines SET vals = replace(vals, '9000', '5000') WHERE ${OF_COREWEAVE}`)
      .run();
    expect(await SqliteLedgerStore.open(path, { sha256 }).checkDerived()).toEqual([]);
    const shortened = db2
      .prepare(
        `UPDATE timelines SET cells = substr(cells, 1, length(cells) - 40) WHERE ${OF_COREWEAVE}`,
      )
      .run();
    expect(shortened.changes).toBe(1);
    db2.close();
    const short = SqliteLedgerStore.open(path, { sha256 });
    expect(await short.checkDerived()).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /timeline chunk 0 of "openai-oracle-coreweave": entry \d+ has a value outside/,
        ),
      ]),
    );
    await short.close();
  });

  it('refuses a fact whose valid or known time is not a day, and writes nothing', async () => {
    const store = SqliteLedgerStore.open(freshPath(), { sha256 });
    try {
      const facts = bundledFacts();
      await store.append(facts, BY);
      const before = await store.stats();
      const good = septemberExpansion(facts);
      const bad = withFactKey({ ...good, known: '2025-10' }, sha256);
      const error = await store.append([good, bad], BY).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StargateError);
      expect((error as StargateError).code).toBe('invalid-input');
      expect((error as StargateError).message).toMatch(/known time "2025-10" must be days/);
      expect(await store.stats()).toEqual(before);
      expect(await store.checkDerived()).toEqual([]);
      // The names the failed append handed out were forgotten with it.
      expect((await store.append([good], BY)).added).toBe(1);
      expect(await store.checkDerived()).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('lets verify find a byte flipped in a record inside the file', async () => {
    const path = freshPath();
    const store = SqliteLedgerStore.open(path, { sha256 });
    await store.append(bundledFacts(), BY);
    await store.close(); // closing checkpoints the WAL into the main file
    const bytes = readFileSync(path);
    const needle = Buffer.from('"target":10000}');
    const at = bytes.indexOf(needle);
    expect(at).toBeGreaterThan(0);
    expect(bytes.indexOf(needle, at + 1)).toBe(-1); // only the 10 GW pledge has this target
    bytes[at + needle.length - 2] = '1'.charCodeAt(0); // 10000 → 10001
    writeFileSync(path, bytes);
    const damaged = SqliteLedgerStore.open(path, { sha256 });
    const check = await verifyChain(damaged.records(), sha256);
    await damaged.close();
    expect(check).toMatchObject({ ok: false, subject: 'capacity-10gw' });
  });
});
