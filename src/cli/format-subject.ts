import type { SubjectState, ViewPoint } from '../ledger/subject-state.js';
import { textTable } from './text-table.js';

/** One subject as of (V, K): each field with the record, valid time and source it comes from. */
export function formatSubject(state: SubjectState, at: ViewPoint): string {
  const rows = Object.entries(state.fields)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([field, cell]) => [
      field,
      typeof cell.value === 'string' ? cell.value : JSON.stringify(cell.value),
      cell.validText,
      cell.known,
      cell.source,
      [cell.assumption ? 'A' : '', cell.confidence].filter(Boolean).join(' '),
      String(cell.seq),
    ]);
  return [
    `${state.id} (${state.kind}) as of ${at.asOf}, as known at ${at.knownAt}`,
    textTable({
      head: ['field', 'value', 'valid', 'known', 'source', 'basis', 'record'],
      rows,
      right: [6],
    }),
  ].join('\n');
}
