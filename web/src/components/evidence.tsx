import { createContext, useContext, type ReactNode } from 'react';

/** What a figure rests on: the subjects whose records back it, and those records' seqs. */
export interface Evidence {
  title: string;
  subjects: readonly string[];
  records: readonly number[];
  note?: string;
}

export const EvidenceContext = createContext<(evidence: Evidence) => void>(() => undefined);

/**
 * A figure that opens the records and sources behind it. Every number on the dashboard is one of
 * these, so a reader can always trace it to the ledger.
 */
export function EvidenceButton(props: {
  evidence: Evidence;
  children: ReactNode;
  className?: string;
  testId?: string;
}) {
  const open = useContext(EvidenceContext);
  return (
    <button
      type="button"
      className={`figure-link ${props.className ?? ''}`}
      data-testid={props.testId}
      title={`${props.evidence.title}: show the records and sources behind it`}
      onClick={() => open(props.evidence)}
    >
      {props.children}
    </button>
  );
}

/** A subject id that opens its history. */
export function SubjectLink(props: { id: string; children?: ReactNode }) {
  return (
    <EvidenceButton evidence={{ title: props.id, subjects: [props.id], records: [] }}>
      {props.children ?? props.id}
    </EvidenceButton>
  );
}
