/**
 * A timeline chunk: update cells of one subject, encoded for one `timelines` row. The model: a
 * subject's state at (V, K) is, per field, the greatest cell in (valid, known, tie) order with
 * valid ≤ V and known ≤ K (`compareCells`). A chunk keeps its cells sorted by (field, valid, known,
 * tie), so that greatest visible cell is found by walking a field's run backwards from its end —
 * one step when the latest cell is visible, a view of today — reading fixed-width integers; only
 * the cells a view returns have their value sliced out and parsed.
 *
 * Layout: `cells` is a BLOB of ENTRY_BYTES-byte entries of little-endian 32-bit words (see WORD);
 * `values` a TEXT of the cells' value JSON concatenated in entry order, entry i's value ending at
 * its `valueEnd` (UTF-16 offsets, as JavaScript slices: JSON.stringify escapes lone surrogates, so
 * the text survives SQLite's UTF-8 unchanged). Field names, sources and valid texts are codes into
 * the store's `names` table; dates are day codes (see `dayCode`); the tie is two 32-bit halves.
 *
 * Why integers in a BLOB: reading them through a DataView is about five times faster than decoding
 * the same entries from text with charCodeAt (measured on the 1M bench ledger: 13–20 ms against
 * 56–74 ms for a whole status scan), which more than pays for the Buffer better-sqlite3 makes per
 * BLOB.
 */

/** Word offsets in an entry. */
const WORD = {
  field: 0,
  valid: 1,
  known: 2,
  tieHigh: 3,
  tieLow: 4,
  seq: 5,
  source: 6,
  /** A name code, or NO_VALID_TEXT when the valid text is the valid day itself (most cells). */
  validText: 7,
  flags: 8,
  valueEnd: 9,
} as const;
export const ENTRY_BYTES = 40;
export const NO_VALID_TEXT = -1;
/**
 * The field code of a create's header entry: its basis (source, valid text, flags) with no value,
 * first in the subject's first chunk. A create's fields are entries like any update's.
 */
export const HEADER_FIELD = -1;
/** In `flags`: set for a cell an update wrote, clear for a create's (see timeline-entries.ts). */
export const UPDATE_FLAG = 8;

/**
 * Bounds on one chunk. Cells of a subject go into its last chunk until that is full, then into a new
 * one; full chunks are never rewritten. So an append that touches a subject rewrites at most one
 * bounded row for it, however long its history, and a view reads ⌈cells / CHUNK_CELLS⌉ rows.
 */
export const CHUNK_CELLS = 256;
export const CHUNK_VALUE_CHARS = 65_536;

/** One update cell as the store writes it: codes and integers, and the value's JSON. */
export interface TimelineEntry {
  field: number;
  valid: number;
  known: number;
  /** The tie's 16 hex digits as two unsigned 32-bit halves (see `tieHalves`). */
  tieHigh: number;
  tieLow: number;
  seq: number;
  source: number;
  validText: number;
  flags: number;
  value: string;
}

type EntryKey = Pick<TimelineEntry, 'field' | 'valid' | 'known' | 'flags' | 'tieHigh' | 'tieLow'>;

/**
 * The chunk order: field, then `compareCells` order (valid, known, tie), where a tie is `0` for a
 * create and `1` for an update, then the fact key's 16 hex digits.
 */
export function compareEntries(a: EntryKey, b: EntryKey): number {
  return (
    a.field - b.field ||
    a.valid - b.valid ||
    a.known - b.known ||
    (a.flags & UPDATE_FLAG) - (b.flags & UPDATE_FLAG) ||
    a.tieHigh - b.tieHigh ||
    a.tieLow - b.tieLow
  );
}

export interface EncodedChunk {
  cells: Buffer;
  values: string;
}

/** Encode entries already in chunk order. */
export function encodeChunk(entries: readonly TimelineEntry[]): EncodedChunk {
  const cells = Buffer.allocUnsafe(entries.length * ENTRY_BYTES);
  const values = new Array<string>(entries.length);
  let end = 0;
  for (let i = 0; i < entries.length; i += 1) {
    const e = entries[i] as TimelineEntry;
    end += e.value.length;
    values[i] = e.value;
    writeEntry(cells, i * ENTRY_BYTES, e);
    cells.writeInt32LE(end, i * ENTRY_BYTES + 36);
  }
  return { cells, values: values.join('') };
}

/** Write entry `e` at byte `at` of `cells`, all but its value end (the caller's to write). */
function writeEntry(cells: Buffer, at: number, e: TimelineEntry): void {
  cells.writeInt32LE(e.field, at);
  cells.writeInt32LE(e.valid, at + 4);
  cells.writeInt32LE(e.known, at + 8);
  cells.writeUInt32LE(e.tieHigh, at + 12);
  cells.writeUInt32LE(e.tieLow, at + 16);
  cells.writeInt32LE(e.seq, at + 20);
  cells.writeInt32LE(e.source, at + 24);
  cells.writeInt32LE(e.validText, at + 28);
  cells.writeInt32LE(e.flags, at + 32);
}

/**
 * A stored chunk with entries added (both in chunk order), as one encoded chunk. The stored
 * entries are copied as bytes, runs at a time, with only their value ends moved: an append that
 * adds a cell or two to each of ten thousand subjects (a daily feed) would otherwise decode and
 * re-encode a million entries.
 */
export function mergeIntoChunk(chunk: ChunkReader, added: readonly TimelineEntry[]): EncodedChunk {
  const cells = Buffer.allocUnsafe((chunk.count + added.length) * ENTRY_BYTES);
  const values: string[] = [];
  let out = 0; // entries written
  let end = 0; // value characters written
  let shift = 0; // value characters added before the stored entry being copied
  let from = 0; // next stored entry to copy
  const copyStored = (to: number) => {
    if (to <= from) return;
    Buffer.from(chunk.cells.buffer, chunk.cells.byteOffset, chunk.cells.byteLength).copy(
      cells,
      out * ENTRY_BYTES,
      from * ENTRY_BYTES,
      to * ENTRY_BYTES,
    );
    for (let k = from; k < to; k += 1)
      cells.writeInt32LE(chunk.valueEnd(k) + shift, (out + k - from) * ENTRY_BYTES + 36);
    values.push(chunk.values.slice(chunk.valueStart(from), chunk.valueEnd(to - 1)));
    out += to - from;
    end = chunk.valueEnd(to - 1) + shift;
    from = to;
  };
  for (const entry of added) {
    // The first stored entry after this one (equal keys keep the stored one first).
    let lo = from;
    let hi = chunk.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (chunk.compareAt(mid, entry) <= 0) lo = mid + 1;
      else hi = mid;
    }
    copyStored(lo);
    end += entry.value.length;
    shift += entry.value.length;
    writeEntry(cells, out * ENTRY_BYTES, entry);
    cells.writeInt32LE(end, out * ENTRY_BYTES + 36);
    values.push(entry.value);
    out += 1;
  }
  copyStored(chunk.count);
  return { cells, values: values.join('') };
}

/** Split entries in chunk order into chunks within the bounds (each stays in chunk order). */
export function splitIntoChunks(
  entries: readonly TimelineEntry[],
  bounds: { cells: number; valueChars: number } = {
    cells: CHUNK_CELLS,
    valueChars: CHUNK_VALUE_CHARS,
  },
): TimelineEntry[][] {
  const chunks: TimelineEntry[][] = [];
  let current: TimelineEntry[] = [];
  let chars = 0;
  for (const entry of entries) {
    if (
      current.length > 0 &&
      (current.length >= bounds.cells || chars + entry.value.length > bounds.valueChars)
    ) {
      chunks.push(current);
      current = [];
      chars = 0;
    }
    current.push(entry);
    chars += entry.value.length;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** Read access to an encoded chunk, without copying it. */
export class ChunkReader {
  readonly count: number;
  readonly values: string;
  readonly cells: Uint8Array;
  readonly #view: DataView;

  constructor(cells: Uint8Array, values: string) {
    if (cells.byteLength % ENTRY_BYTES !== 0)
      throw new Error(`a timeline chunk of ${cells.byteLength} bytes is not whole entries`);
    this.cells = cells;
    this.#view = new DataView(cells.buffer, cells.byteOffset, cells.byteLength);
    this.count = cells.byteLength / ENTRY_BYTES;
    this.values = values;
  }

  #word(i: number, word: number): number {
    return this.#view.getInt32(i * ENTRY_BYTES + word * 4, true);
  }

  field(i: number): number {
    return this.#word(i, WORD.field);
  }
  valid(i: number): number {
    return this.#word(i, WORD.valid);
  }
  known(i: number): number {
    return this.#word(i, WORD.known);
  }
  tieHigh(i: number): number {
    return this.#view.getUint32(i * ENTRY_BYTES + WORD.tieHigh * 4, true);
  }
  tieLow(i: number): number {
    return this.#view.getUint32(i * ENTRY_BYTES + WORD.tieLow * 4, true);
  }
  seq(i: number): number {
    return this.#word(i, WORD.seq);
  }
  source(i: number): number {
    return this.#word(i, WORD.source);
  }
  /** A name code, or NO_VALID_TEXT. */
  validText(i: number): number {
    return this.#word(i, WORD.validText);
  }
  flags(i: number): number {
    return this.#word(i, WORD.flags);
  }
  valueStart(i: number): number {
    return i === 0 ? 0 : this.#word(i - 1, WORD.valueEnd);
  }
  valueEnd(i: number): number {
    return this.#word(i, WORD.valueEnd);
  }
  /** The value's JSON text. */
  value(i: number): string {
    return this.values.slice(this.valueStart(i), this.valueEnd(i));
  }

  /**
   * The value, parsed. Numbers, booleans and null are read in place: a view parses tens of
   * thousands of small values, and slicing each out to hand to JSON.parse was garbage.
   */
  parsedValue(i: number): unknown {
    const start = this.valueStart(i);
    const end = this.valueEnd(i);
    const text = this.values;
    const first = text.charCodeAt(start);
    if (first >= 48 && first <= 57 && end - start <= 15) {
      // A plain non-negative integer of up to 15 digits is exact as a double.
      let n = 0;
      let k = start;
      for (; k < end; k += 1) {
        const digit = text.charCodeAt(k) - 48;
        if (digit < 0 || digit > 9) break;
        n = n * 10 + digit;
      }
      if (k === end && (first !== 48 || end - start === 1)) return n;
    } else if (first === 34) {
      // A string without escapes is its inside: one slice, not a slice and a parse.
      let k = start + 1;
      while (k < end - 1 && text.charCodeAt(k) !== 92) k += 1;
      if (k === end - 1) return text.slice(start + 1, end - 1);
    } else if (end - start === 4 && text.startsWith('true', start)) return true;
    else if (end - start === 5 && text.startsWith('false', start)) return false;
    else if (end - start === 4 && text.startsWith('null', start)) return null;
    return JSON.parse(text.slice(start, end)) as unknown;
  }

  /** Entry i as an object, for merging a chunk with new cells. */
  entry(i: number): TimelineEntry {
    return {
      field: this.field(i),
      valid: this.valid(i),
      known: this.known(i),
      tieHigh: this.tieHigh(i),
      tieLow: this.tieLow(i),
      seq: this.seq(i),
      source: this.source(i),
      validText: this.validText(i),
      flags: this.flags(i),
      value: this.value(i),
    };
  }

  /** Entry i against a key, in chunk order. */
  compareAt(i: number, key: EntryKey): number {
    return (
      this.field(i) - key.field ||
      this.valid(i) - key.valid ||
      this.known(i) - key.known ||
      (this.flags(i) & UPDATE_FLAG) - (key.flags & UPDATE_FLAG) ||
      this.tieHigh(i) - key.tieHigh ||
      this.tieLow(i) - key.tieLow
    );
  }

  /** Whether an entry with this key is in the chunk (binary search on the chunk order). */
  has(key: EntryKey): boolean {
    let lo = 0;
    let hi = this.count - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const order = this.compareAt(mid, key);
      if (order === 0) return true;
      if (order < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }

  /** Whether new cells should start a new chunk rather than rewrite this one. */
  isFull(bounds: { cells: number; valueChars: number }): boolean {
    return this.count >= bounds.cells || this.valueChars >= bounds.valueChars;
  }

  /** How many characters of values the entries hold (read from the index, not the text). */
  get valueChars(): number {
    return this.count === 0 ? 0 : this.valueEnd(this.count - 1);
  }
}

const ZERO = 48; // '0'

/**
 * A day code: the ISO day `YYYY-MM-DD` read as the decimal number YYYYMMDD. For texts of that shape
 * (any four-digit year, BEGINNING = `0000-01-01` included) number order is exactly string order,
 * which is how the ledger compares dates; no calendar arithmetic is involved, so nothing is lost.
 * Undefined for any other text.
 */
export function dayCode(day: string): number | undefined {
  if (day.length !== 10 || day.charCodeAt(4) !== 45 || day.charCodeAt(7) !== 45) return undefined;
  let code = 0;
  for (let i = 0; i < 10; i += 1) {
    if (i === 4 || i === 7) continue;
    const digit = day.charCodeAt(i) - ZERO;
    if (digit < 0 || digit > 9) return undefined;
    code = code * 10 + digit;
  }
  return code;
}

/** The day text of a day code (inverse of `dayCode`). */
export function dayText(code: number): string {
  const text = String(code).padStart(8, '0');
  return `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6)}`;
}

const MAX_DAY_CODE = 99_999_999;

/**
 * The greatest day code whose day text is ≤ `bound` as strings, or -1 when there is none: so a
 * cell is visible at a view date `bound` exactly when its code ≤ this. A view date is normally a
 * day; any other text still gets the string comparison's answer (binary search over codes, whose
 * texts are in code order).
 */
export function dayCeiling(bound: string): number {
  const exact = dayCode(bound);
  if (exact !== undefined) return exact;
  let lo = -1;
  let hi = MAX_DAY_CODE;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (dayText(mid) <= bound) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

const HEX_DIGITS = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
const tieCodes = new Array<number>(17);

/**
 * The tie text (`tieOf`) of an entry: `0` for a create, `1` for an update, and the hex digits. One
 * flat string from char codes: concatenating hex pieces left four short-lived strings per cell.
 */
export function tieText(entry: Pick<TimelineEntry, 'flags' | 'tieHigh' | 'tieLow'>): string {
  tieCodes[0] = (entry.flags & UPDATE_FLAG) === 0 ? 48 : 49;
  for (let k = 0; k < 8; k += 1) {
    tieCodes[8 - k] = HEX_DIGITS[(entry.tieHigh >>> (4 * k)) & 15] as number;
    tieCodes[16 - k] = HEX_DIGITS[(entry.tieLow >>> (4 * k)) & 15] as number;
  }
  return String.fromCharCode(...tieCodes);
}

/**
 * Chunk `chunk` of subject `sid` is the `timelines` row with rowid sid × CHUNKS_PER_SUBJECT + chunk:
 * a rowid table, so a subject's chunks are one range seek. (A WITHOUT ROWID table keyed on
 * (sid, chunk) doubled the cost of joining subjects to their timelines: rows of a few kilobytes
 * are what rowid tables are made for.) Safe integers hold this for sids below 2^37.
 */
export const CHUNKS_PER_SUBJECT = 65_536;

export function timelineRowId(sid: number, chunk: number): number {
  if (chunk >= CHUNKS_PER_SUBJECT)
    throw new Error(`subject #${sid} would need more than ${CHUNKS_PER_SUBJECT} timeline chunks`);
  return sid * CHUNKS_PER_SUBJECT + chunk;
}
