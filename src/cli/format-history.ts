import type { LedgerRecord } from '../model/ledger-record.js';
import { textTable, truncateToWidth } from './text-table.js';

/** Every record about a subject, with its valid and known time and its source. */
export function formatHistory(
  subject: string,
  records: readonly LedgerRecord[],
  sourceTitles: ReadonlyMap<string, string>,
): string {
  const rows = records.map((r) => [
    String(r.seq),
    r.op,
    r.validText,
    r.known,
    r.source,
    [r.assumption ? 'A' : '', r.confidence].filter(Boolean).join(' '),
    truncateToWidth(
      JSON.stringify(
        r.op === 'create'
          ? Object.fromEntries(Object.entries(r.payload).filter(([k]) => k !== 'id'))
          : r.payload,
      ),
      70,
    ),
  ]);
  const sources = [...new Set(records.map((r) => r.source))].map(
    (s) => `  ${s}: ${sourceTitles.get(s) ?? '(unknown source)'}`,
  );
  const notes = records.filter((r) => r.note).map((r) => `  #${r.seq}: ${r.note}`);
  return [
    `${subject}: ${records.length} record(s)`,
    textTable({
      head: ['seq', 'op', 'valid', 'known', 'source', 'basis', 'fields'],
      rows,
      right: [0],
    }),
    '',
    'Sources',
    ...sources,
    ...(notes.length > 0 ? ['', 'Notes', ...notes] : []),
  ].join('\n');
}
