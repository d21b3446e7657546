import type { LedgerRecord } from '../model/ledger-record.js';
import { StargateError } from '../errors.js';
import type { LedgerStore } from '../store/ledger-store.js';

export const EXPORT_FORMATS = ['json', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const CSV_COLUMNS = [
  'seq',
  'kind',
  'subject',
  'op',
  'validText',
  'valid',
  'known',
  'source',
  'payload',
  'note',
  'assumption',
  'confidence',
  'recordedAt',
  'recordedBy',
  'factKey',
  'hash',
] as const satisfies readonly (keyof LedgerRecord)[];

function csvField(value: unknown): string {
  const text =
    value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * Stream every record in seq order: a JSON array of `LedgerRecord` objects (one per line), or CSV
 * with the payload as a JSON cell. Both are complete: the chain can be re-verified from them.
 */
export async function* exportLedger(
  store: LedgerStore,
  format: ExportFormat,
): AsyncIterable<string> {
  yield format === 'csv' ? `${CSV_COLUMNS.join(',')}\n` : '[';
  let first = true;
  for await (const record of store.records()) {
    if ('unreadable' in record) {
      throw new StargateError(
        'integrity',
        `record ${record.seq} (${record.subject}): ${record.unreadable}; run stargate verify`,
      );
    }
    if (format === 'csv') yield `${CSV_COLUMNS.map((c) => csvField(record[c])).join(',')}\n`;
    else {
      yield `${first ? '\n' : ',\n'}${JSON.stringify(record)}`;
      first = false;
    }
  }
  if (format === 'json') yield '\n]\n';
}
