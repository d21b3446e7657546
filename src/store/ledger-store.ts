import type { Fact } from '../ledger/fact.js';
import type { ExistingSubject } from '../ledger/plan-facts.js';
import type { SubjectState, ViewPoint } from '../ledger/subject-state.js';
import type { LedgerRecord } from '../model/ledger-record.js';

export interface AppendOptions {
  recordedAt: string;
  recordedBy: string;
  /** Do all the work, report what it would add, and keep nothing. */
  dryRun?: boolean;
  /** Called now and then during long appends with the facts processed so far. */
  onProgress?: (done: number, total: number) => void;
}

export interface AppendResult {
  /** Records appended (or that would be, in a dry run). */
  added: number;
  /** Facts already in the ledger, skipped: this is what makes an import idempotent. */
  skipped: number;
  records: number;
  head: string;
}

export interface LedgerStats {
  records: number;
  subjects: number;
  head: string;
  lastRecordedAt: string | undefined;
}

/** A stored row that could not be read back as a record (a damaged file). */
export interface UnreadableRecord {
  seq: number;
  subject: string;
  unreadable: string;
}

/**
 * The port every storage adapter implements (SQLite now, PostgreSQL next), checked by one contract
 * suite (`ledger-store.contract.ts`). It declares only what the application uses. Async so that a
 * network database fits the same shape.
 */
export interface LedgerStore {
  /** Where the ledger lives, for messages. */
  readonly location: string;
  /** What the ledger holds about these ids (kind, creation time, content), for planning an import. */
  findSubjects(ids: Iterable<string>): Promise<Map<string, ExistingSubject>>;
  /** Append facts in one transaction, in order, skipping facts already present. All or nothing. */
  append(facts: readonly Fact[], options: AppendOptions): Promise<AppendResult>;
  /** Every subject as of (V, K), or only those named in `subjects`. */
  statesAt(at: ViewPoint, subjects?: readonly string[]): Promise<SubjectState[]>;
  /** Every record about one subject, in seq order. */
  history(subject: string): Promise<LedgerRecord[]>;
  /** Every record in seq order, streamed. */
  records(): AsyncIterable<LedgerRecord | UnreadableRecord>;
  /** Problems in what the adapter derives from records (indexes, caches); empty when sound. */
  checkDerived(): Promise<string[]>;
  stats(): Promise<LedgerStats>;
  close(): Promise<void>;
}
