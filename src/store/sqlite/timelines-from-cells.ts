import type Database from 'better-sqlite3';
import {
  compareEntries,
  dayCode,
  encodeChunk,
  NO_VALID_TEXT,
  splitIntoChunks,
  timelineRowId,
  UPDATE_FLAG,
  type TimelineEntry,
} from './timeline-chunk.js';
import { createEntries, keyHalves, type TimelineFact } from './timeline-entries.js';
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
 * latest cell) become `names` and `timelines` (see `timeline-chunk.ts`): each subject's create
 * (read from its record, as v3 read it for every view) and update cells. Every update cell is
 * carried over as it was stored — value text, valid text, basis and seq — so nothing is lost;
 * `subject_fields` held only copies. Runs inside the migration's transaction: a cell that cannot be
 * encoded (a date not shaped `YYYY-MM-DD`, which the importer never writes) fails the whole step
 * and leaves the v3 file as it was.
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
  const codeOf = (name: string) => names.codeOf(name);
  const write = db.prepare('INSERT INTO timelines (id, cells, vals) VALUES (?, ?, ?)');
  // better-sqlite3 cannot write while a statement is being iterated: read whole sid ranges instead.
  const subjectPage = db
    .prepare(
      `SELECT s.sid, s.create_seq, s.fact_key, r.fact FROM subjects s JOIN records r ON r.seq = s.create_seq
       WHERE s.sid >= ? AND s.sid < ? ORDER BY s.sid`,
    )
    .raw();
  const cellPage = db
    .prepare(
      `SELECT sid, field, valid, known, tie, seq, source, valid_text, flags, value FROM cells
       WHERE sid >= ? AND sid < ?`,
    )
    .raw();
  const last = (db.prepare('SELECT max(sid) FROM subjects').pluck().get() as number | null) ?? 0;
  for (let from = 0; from <= last; from += SIDS_PER_PAGE) {
    const bySid = new Map<number, TimelineEntry[]>();
    const subjects = subjectPage.all(from, from + SIDS_PER_PAGE) as [
      number,
      number,
      string,
      string,
    ][];
    for (const [sid, seq, factKey, text] of subjects) {
      const fact = JSON.parse(text) as TimelineFact & { subject: string };
      const entries = createEntries(fact, { seq, factKey, codeOf });
      if (entries === undefined)
        throw new Error(`the create of "${fact.subject}" (record ${seq}) cannot be converted`);
      bySid.set(sid, entries);
    }
    for (const row of cellPage.all(from, from + SIDS_PER_PAGE) as CellRow[]) {
      const [sid, field, valid, known, tie, seq, source, validText, flags, value] = row;
      const validCode = dayCode(valid);
      const knownCode = dayCode(known);
      const halves = tie.startsWith('1') ? keyHalves(tie.slice(1)) : undefined;
      const entries = bySid.get(sid);
      if (
        validCode === undefined ||
        knownCode === undefined ||
        halves === undefined ||
        tie.length !== 17 ||
        entries === undefined
      )
        throw new Error(
          `cell of record ${seq} (${field}) cannot be converted: subject #${sid}, valid "${valid}", known "${known}", tie "${tie}"`,
        );
      entries.push({
        field: codeOf(field),
        valid: validCode,
        known: knownCode,
        tieHigh: halves[0],
        tieLow: halves[1],
        seq,
        source: codeOf(source),
        validText: validText === null ? NO_VALID_TEXT : codeOf(validText),
        flags: flags | UPDATE_FLAG,
        value,
      });
    }
    for (const [sid, entries] of bySid) {
      entries.sort(compareEntries);
      splitIntoChunks(entries).forEach((chunk, i) => {
        const encoded = encodeChunk(chunk);
        write.run(timelineRowId(sid, i), encoded.cells, encoded.values);
      });
    }
  }
  db.exec('DROP TABLE subject_fields; DROP TABLE cells;');
}
