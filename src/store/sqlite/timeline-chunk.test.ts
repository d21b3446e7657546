import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BEGINNING } from '../../model/dates.js';
import {
  ChunkReader,
  compareEntries,
  dayCeiling,
  dayCode,
  dayText,
  encodeChunk,
  HEADER_FIELD,
  mergeIntoChunk,
  NO_VALID_TEXT,
  splitIntoChunks,
  tieText,
  UPDATE_FLAG,
  type TimelineEntry,
} from './timeline-chunk.js';
import { keyHalves } from './timeline-entries.js';

const day = fc
  .record({
    y: fc.integer({ min: 0, max: 9999 }),
    m: fc.integer({ min: 0, max: 99 }),
    d: fc.integer({ min: 0, max: 99 }),
  })
  .map(
    ({ y, m, d }) =>
      `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
  );

function entry(over: Partial<TimelineEntry>): TimelineEntry {
  return {
    field: 0,
    valid: 20250101,
    known: 20250101,
    tieHigh: 0,
    tieLow: 0,
    seq: 1,
    source: 0,
    validText: NO_VALID_TEXT,
    flags: UPDATE_FLAG,
    value: '1',
    ...over,
  };
}

describe('day codes', () => {
  it('order days exactly as their texts, BEGINNING included, and read back unchanged', () => {
    expect(dayCode(BEGINNING)).toBe(101);
    fc.assert(
      fc.property(day, day, (a, b) => {
        const [ca, cb] = [dayCode(a) as number, dayCode(b) as number];
        expect(dayText(ca)).toBe(a);
        expect(Math.sign(ca - cb)).toBe(a < b ? -1 : a > b ? 1 : 0);
      }),
      { seed: 7 },
    );
  });

  it('refuse texts that are not days', () => {
    for (const text of [
      '2025-07',
      '2025-7-01',
      '20250701',
      '2025-07-0x',
      ' 2025-07-01',
      '+025-07-01',
    ])
      expect(dayCode(text)).toBeUndefined();
  });

  it('turn any view date into the greatest day code at or before it, as strings compare', () => {
    fc.assert(
      fc.property(day, fc.string({ maxLength: 12 }), (stored, bound) => {
        const visible = (dayCode(stored) as number) <= dayCeiling(bound);
        expect(visible).toBe(stored <= bound);
      }),
      { seed: 11, numRuns: 2000 },
    );
    expect(dayCeiling('2025-07-01')).toBe(20250701);
    expect(dayCeiling('2025-07')).toBe(20250699);
    expect(dayCeiling('')).toBe(-1);
  });
});

describe('ties', () => {
  it('read the 16 hex digits of a fact key back as the tie text, in string order', () => {
    const hex = fc.stringMatching(/^[0-9a-f]{64}$/);
    fc.assert(
      fc.property(hex, hex, fc.boolean(), (a, b, update) => {
        const [ha, hb] = [keyHalves(a), keyHalves(b)] as [[number, number], [number, number]];
        const flags = update ? UPDATE_FLAG : 0;
        expect(tieText({ flags, tieHigh: ha[0], tieLow: ha[1] })).toBe(
          `${update ? 1 : 0}${a.slice(0, 16)}`,
        );
        const order = compareEntries(
          entry({ flags, tieHigh: ha[0], tieLow: ha[1] }),
          entry({ flags, tieHigh: hb[0], tieLow: hb[1] }),
        );
        const [ta, tb] = [a.slice(0, 16), b.slice(0, 16)];
        expect(Math.sign(order)).toBe(ta < tb ? -1 : ta > tb ? 1 : 0);
      }),
      { seed: 13 },
    );
    expect(keyHalves('ABCDEF0123456789')).toBeUndefined();
    expect(keyHalves('0123')).toBeUndefined();
  });

  it("put a create's cell before an update's of the same valid and known time", () => {
    const create = entry({ flags: 0, tieHigh: 0xffffffff, tieLow: 0xffffffff });
    expect(compareEntries(create, entry({}))).toBeLessThan(0);
  });
});

describe('chunks', () => {
  it('read back every part of every entry, and values exactly', () => {
    const values = [
      '5000',
      '"construction"',
      '""',
      '-1.5',
      '"ünïcødé ✓ \\ud83d\\ude80"',
      '{"b":2,"a":[1,null]}',
      'true',
      'false',
      'null',
      '0',
      '"\\ud800"',
      '123456789012345678',
    ];
    const entries = values.map((value, i) =>
      entry({
        field: i < 5 ? 1 : 2,
        valid: 20250101 + i,
        known: 20250201 + i,
        tieHigh: 0xfedcba98,
        tieLow: i,
        seq: 1_000_000 + i,
        source: 7,
        validText: i % 2 === 0 ? NO_VALID_TEXT : 3,
        flags: UPDATE_FLAG | 5,
        value,
      }),
    );
    const { cells, values: text } = encodeChunk(entries);
    const chunk = new ChunkReader(cells, text);
    expect(chunk.count).toBe(entries.length);
    entries.forEach((e, i) => {
      expect(chunk.entry(i)).toEqual(e);
      expect(chunk.parsedValue(i)).toEqual(JSON.parse(e.value));
      expect(chunk.has(e)).toBe(true);
    });
    expect(
      chunk.has(
        entry({ field: 1, valid: 20250101, known: 20250201, tieHigh: 0xfedcba98, tieLow: 1 }),
      ),
    ).toBe(false);
    expect(() => new ChunkReader(cells.subarray(0, 39), text)).toThrow(/not whole entries/);
  });

  it('split into chunks within the bounds, in order', () => {
    const entries = Array.from({ length: 10 }, (_, i) =>
      entry({
        field: HEADER_FIELD + 1,
        valid: 20250101 + i,
        value: i === 4 ? '"abcdefghij"' : '1',
      }),
    );
    const chunks = splitIntoChunks(entries, { cells: 3, valueChars: 12 });
    expect(chunks.flat()).toEqual(entries);
    for (const chunk of chunks) {
      expect(chunk.length).toBeLessThanOrEqual(3);
      expect(chunk.reduce((n, e) => n + e.value.length, 0)).toBeLessThanOrEqual(12);
    }
    expect(chunks.map((c) => c.length)).toEqual([3, 1, 1, 3, 2]);
  });

  it('merge added entries into a stored chunk exactly as encoding the sorted union', () => {
    const arbitraryEntry = fc
      .record({
        field: fc.integer({ min: -1, max: 3 }),
        valid: fc.integer({ min: 20250101, max: 20250105 }),
        known: fc.integer({ min: 20250101, max: 20250103 }),
        update: fc.boolean(),
        tieLow: fc.nat(),
        value: fc.constantFrom('1', '"ab"', '', '[1,2]', '"ü"'),
      })
      .map(({ update, ...e }) => entry({ ...e, flags: update ? UPDATE_FLAG : 0, seq: e.tieLow }));
    fc.assert(
      fc.property(
        fc.array(arbitraryEntry),
        fc.array(arbitraryEntry, { minLength: 1 }),
        (stored, added) => {
          stored.sort(compareEntries);
          added.sort(compareEntries);
          const encoded = encodeChunk(stored);
          const merged = mergeIntoChunk(new ChunkReader(encoded.cells, encoded.values), added);
          const union = [...stored, ...added].sort(compareEntries);
          const read = new ChunkReader(merged.cells, merged.values);
          expect(Array.from({ length: read.count }, (_, i) => read.entry(i))).toEqual(union);
          expect(merged.values).toBe(union.map((e) => e.value).join(''));
        },
      ),
      { seed: 17 },
    );
  });
});
