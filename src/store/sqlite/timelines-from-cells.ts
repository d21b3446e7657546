import type Database from 'better-sqlite3';
import {
  compareEntries,
  dayCode,
  encodeChunk,
  NO_VALID_TEXT,
  splitIntoChunks,
  tieHalves,
  timelineRowId,
  type TimelineEntry,
} from './timeline-chunk.js';
import { TimelineNames } from './timeline-names.js';

/** Subjects converted per query: about 100 cells each in the bench ledger, so ~100,000 rows. */
const SIDS_PER_PAGE = 1000;

type CellRow = [
  sid: number,
  field: string,
  valid: string,
  known: string,
  tie: string,
  seq: number,
  source: string,
  validText: string | null,
  flags: number,
  value: string,
];

/**
 * Schema v4: the v3 `cells` (one row per update cell) and `subject_fields` (a copy of each field's
 * latest cell) become `names` and `timelines` (one row per chunk of a subject's cells, see
 * `timeline-chunk.ts`). Every cell is carried over as it was stored — value text, valid text,
 * basis flags and seq included — so nothing is lost and no record is re-read; `subject_fields` held
 * only copies. Runs inside the migration's transaction: a cell that cannot be encoded (a date not
 * shaped `YYYY-MM-DD`, which the importer never writes) fails the whole step and leaves the v3 file
 * as it was.
 */
export function timelinesFromCells(db: Database.Database): void {
  db.exec(
    `CREATE TABLE names (
       code INTEGER PRIMARY KEY,
       name TEXT NOT NULL UNIQUE
     );
     CREATE TABLE timelines (
       id INTEGER PRIMARY KEY,
       cells BLOB NOT NULL,
       vals TEXT NOT NULL
     );`,
  );
  const names = new TimelineNames(db);
  names.refresh();
  const write = db.prepare('INSERT INTO timelines (id, cells, vals) VALUES (?, ?, ?)');
  // better-sqlite3 cannot write while a statement is being iterated: read whole sid ranges instead.
  const page = db
    .prepare(
      `SELECT sid, field, valid, known, tie, seq, source, valid_text, flags, value FROM cells
       WHERE sid >= ? AND sid < ? ORDER BY sid`,
    )
    .raw();
  const last = (db.prepare('SELECT max(sid) FROM cells').pluck().get() as number | null) ?? 0;
  for (let from = 0; from <= last; from += SIDS_PER_PAGE) {
    const rows = page.all(from, from + SIDS_PER_PAGE) as CellRow[];
    let sid = -1;
    let entries: TimelineEntry[] = [];
    const flush = () => {
      entries.sort(compareEntries);
      splitIntoChunks(entries).forEach((chunk, i) => {
        const encoded = encodeChunk(chunk);
        write.run(timelineRowId(sid, i), encoded.cells, encoded.values);
      });
      entries = [];
    };
    for (const [rowSid, field, valid, known, tie, seq, source, validText, flags, value] of rows) {
      if (rowSid !== sid) {
        if (entries.length > 0) flush();
        sid = rowSid;
      }
      const validCode = dayCode(valid);
      const knownCode = dayCode(known);
      const halves = tieHalves(tie);
      if (validCode === undefined || knownCode === undefined || halves === undefined)
        throw new Error(
          `cell of record ${seq} (${field}) cannot be converted: valid "${valid}", known "${known}", tie "${tie}"`,
        );
      entries.push({
        field: names.codeOf(field),
        valid: validCode,
        known: knownCode,
        tieHigh: halves[0],
        tieLow: halves[1],
        seq,
        source: names.codeOf(source),
        validText: validText === null ? NO_VALID_TEXT : names.codeOf(validText),
        flags,
        value,
      });
    }
    if (entries.length > 0) flush();
  }
  db.exec('DROP TABLE subject_fields; DROP TABLE cells;');
}
