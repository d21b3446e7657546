import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { StargateError } from '../../errors.js';
import { verifyChain } from '../../ledger/chain.js';
import { factKeyText, withFactKey, type Fact } from '../../ledger/fact.js';
import type { SubjectState } from '../../ledger/subject-state.js';
import type { LedgerRecord } from '../../model/ledger-record.js';
import { sha256 } from '../../platform/sha256.js';
import type { LedgerStats } from '../ledger-store.js';
import { MIGRATIONS } from './migrations.js';
import { SqliteLedgerStore } from './sqlite-ledger-store.js';

const dir = mkdtempSync(join(tmpdir(), 'stargate-migrations-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fixture = (name: string) =>
  gunzipSync(readFileSync(new URL(`./fixtures/${name}.gz`, import.meta.url)));

/** A v3 ledger written by the v3 code (see fixtures/README.md), in a fresh file. */
function v3Ledger(name: string): string {
  const path = join(dir, name);
  writeFileSync(path, fixture('ledger-v3.db'));
  return path;
}

/** What the v3 code read from that ledger: states at several (V, K), histories, stats. */
const expected = JSON.parse(fixture('ledger-v3.expected.json').toString('utf8')) as {
  statesAt: Record<string, SubjectState[]>;
  history: Record<string, LedgerRecord[]>;
  stats: LedgerStats;
};

describe('schema migrations', () => {
  it('converts a v3 ledger to timelines and reads the same states and histories as v3 did', async () => {
    const path = v3Ledger('v3.db');
    const before = new Database(path, { readonly: true });
    expect(before.pragma('user_version', { simple: true })).toBe(3);
    expect(before.prepare('SELECT count(*) FROM cells').pluck().get()).toBeGreaterThan(256);
    before.close();

    const store = SqliteLedgerStore.open(path, { sha256 });
    try {
      expect(Object.keys(expected.statesAt).length).toBeGreaterThan(5);
      for (const [point, states] of Object.entries(expected.statesAt)) {
        const [asOf, knownAt] = point.split(' ') as [string, string];
        // As JSON text: the order of fields is part of what views print.
        expect(JSON.stringify(await store.statesAt({ asOf, knownAt }))).toBe(
          JSON.stringify(states),
        );
      }
      for (const [subject, records] of Object.entries(expected.history))
        expect(JSON.stringify(await store.history(subject))).toBe(JSON.stringify(records));
      expect(await store.stats()).toEqual(expected.stats);
      expect(await store.checkDerived()).toEqual([]);
      expect(await verifyChain(store.records(), sha256)).toMatchObject({ ok: true });

      // Appending the ledger's own facts again adds nothing: the migrated cells are found.
      const facts: Fact[] = [];
      for await (const record of store.records()) {
        if ('unreadable' in record) throw new Error(record.unreadable);
        const { kind, subject, op, validText, valid, known, source, payload, note } = record;
        const { assumption, confidence } = record;
        facts.push(
          withFactKey(
            {
              kind,
              subject,
              op,
              validText,
              valid,
              known,
              source,
              payload,
              note,
              assumption,
              confidence,
            },
            sha256,
          ),
        );
      }
      const again = await store.append(facts, {
        recordedAt: '2026-11-29T00:00:00.000Z',
        recordedBy: 'test',
      });
      expect(again).toMatchObject({ added: 0, skipped: facts.length });
    } finally {
      await store.close();
    }

    const after = new Database(path, { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    const tables = after
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .pluck()
      .all();
    expect(tables).toEqual(expect.arrayContaining(['names', 'timelines']));
    expect(tables).not.toContain('cells');
    expect(tables).not.toContain('subject_fields');
    // The long history (260 updates of capacity-10gw) takes more than one chunk.
    const chunks = after
      .prepare(
        "SELECT count(*) FROM timelines WHERE id / 65536 = (SELECT sid FROM subjects WHERE subject = 'capacity-10gw')",
      )
      .pluck()
      .get();
    expect(chunks).toBe(2);
    after.close();
  });

  it('leaves a v3 ledger untouched when a cell cannot be converted, and says which', () => {
    const path = v3Ledger('v3-bad.db');
    const db = new Database(path);
    db.prepare(
      "UPDATE cells SET valid = 'someday' WHERE seq = (SELECT min(seq) FROM cells) AND field = (SELECT min(field) FROM cells WHERE seq = (SELECT min(seq) FROM cells))",
    ).run();
    const cells = db.prepare('SELECT count(*) FROM cells').pluck().get();
    db.close();

    const error = (() => {
      try {
        SqliteLedgerStore.open(path, { sha256 });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(StargateError);
    expect((error as StargateError).message).toMatch(/cannot be converted: .*valid "someday"/);

    const after = new Database(path, { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(3);
    expect(after.prepare('SELECT count(*) FROM cells').pluck().get()).toBe(cells);
    after.close();
  });
});

describe('schema v5 (records in blocks)', () => {
  it('converts every record of a v3 ledger, batches and digests included', async () => {
    const path = v3Ledger('v3-records.db');
    const before = new Database(path, { readonly: true });
    const rows = before
      .prepare(
        'SELECT r.seq, r.fact, r.fact_key, r.hash, b.recorded_at FROM records r JOIN batches b ON b.id = r.batch ORDER BY r.seq',
      )
      .raw()
      .all() as [number, string, string, string, string][];
    before.close();
    expect(rows.length).toBeGreaterThan(2 * 64);

    const store = SqliteLedgerStore.open(path, { sha256 });
    const records: LedgerRecord[] = [];
    try {
      for await (const record of store.records()) {
        if ('unreadable' in record) throw new Error(record.unreadable);
        records.push(record);
      }
    } finally {
      await store.close();
    }
    // The same seq, fact text, key, hash and recorded-at for every record.
    expect(
      records.map((r) => [
        r.seq,
        factKeyText({ ...r, note: r.note }),
        r.factKey,
        r.hash,
        r.recordedAt,
      ]),
    ).toEqual(rows);
    const after = new Database(path, { readonly: true });
    const tables = after
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
      .pluck()
      .all();
    expect(tables).toContain('record_blocks');
    expect(tables).not.toContain('records');
    after.close();
  });

  it('gives the dropped tables back to the disk, unless another connection has the file open', async () => {
    const alone = v3Ledger('v3-alone.db');
    await SqliteLedgerStore.open(alone, { sha256 }).close();
    const shared = v3Ledger('v3-shared.db');
    const other = new Database(shared);
    // Another process reading the ledger in WAL mode, as the server would.
    expect(other.pragma('journal_mode = WAL', { simple: true })).toBe('wal');
    other.prepare('SELECT count(*) FROM sqlite_master').pluck().get();
    const store = SqliteLedgerStore.open(shared, { sha256 });
    // Migrated all the same, and read the same; only the free pages stay.
    expect(await store.stats()).toEqual(expected.stats);
    await store.close();
    other.close();

    const freePages = (path: string) => {
      const db = new Database(path, { readonly: true });
      try {
        return [
          db.pragma('user_version', { simple: true }),
          db.pragma('freelist_count', { simple: true }),
        ];
      } finally {
        db.close();
      }
    };
    expect(freePages(alone)).toEqual([MIGRATIONS.length, 0]);
    const [version, free] = freePages(shared);
    expect(version).toBe(MIGRATIONS.length);
    expect(free).toBeGreaterThan(0);
  });

  it('stops at a record whose key is not SHA-256 hex, naming it, and leaves its records as they were', () => {
    const path = v3Ledger('v3-bad-key.db');
    const db = new Database(path);
    db.prepare("UPDATE records SET fact_key = 'not-a-key' WHERE seq = 5").run();
    const count = db.prepare('SELECT count(*) FROM records').pluck().get();
    db.close();

    expect(() => SqliteLedgerStore.open(path, { sha256 })).toThrow(
      /record 5 cannot be converted to schema v5: its fact key "not-a-key" is not SHA-256 hex/,
    );
    const after = new Database(path, { readonly: true });
    // v4 (timelines) went through; v5 rolled back, so the records table is whole.
    expect(after.pragma('user_version', { simple: true })).toBe(4);
    expect(after.prepare('SELECT count(*) FROM records').pluck().get()).toBe(count);
    after.close();
  });
});
