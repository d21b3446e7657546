import {
  cellOf,
  compareCells,
  fieldsOf,
  isVisible,
  type FoldableRecord,
  type SubjectState,
  type ViewPoint,
} from './subject-state.js';

/**
 * The state of every subject at (V, K): the fold of its records with valid time ≤ V and known time
 * ≤ K, field by field, the last writer by (valid, known, seq) winning. A subject exists once its
 * creating record is visible. This is the reference the storage adapters are tested against.
 */
export function foldRecords(
  records: Iterable<FoldableRecord>,
  at: ViewPoint,
): Map<string, SubjectState> {
  const states = new Map<string, SubjectState>();
  const updates: FoldableRecord[] = [];
  for (const record of records) {
    if (!isVisible(record, at)) continue;
    if (record.op === 'update') {
      updates.push(record);
      continue;
    }
    const fields: SubjectState['fields'] = {};
    for (const [field, value] of fieldsOf(record)) fields[field] = cellOf(record, value);
    const { value: _value, ...created } = cellOf(record, undefined);
    states.set(record.subject, { id: record.subject, kind: record.kind, created, fields });
  }
  for (const record of updates) {
    const state = states.get(record.subject);
    if (!state) continue;
    for (const [field, value] of fieldsOf(record)) {
      const cell = cellOf(record, value);
      const current = state.fields[field];
      if (!current || compareCells(cell, current) > 0) state.fields[field] = cell;
    }
  }
  return states;
}
