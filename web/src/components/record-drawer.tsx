import { useEffect, useRef } from 'react';
import type { LedgerRecord } from '../../../src/model/ledger-record.js';
import { useApi } from '../use-api.js';
import type { Evidence } from './evidence.js';
import { Problem } from './problem.js';

interface History {
  subject: string;
  records: LedgerRecord[];
  sources: Record<string, Record<string, unknown>>;
}

const MAX_SUBJECTS = 12;

function SourceLine(props: { source: Record<string, unknown> | undefined; id: string }) {
  const s = props.source;
  if (!s) return <span>{props.id}</span>;
  const title = typeof s.title === 'string' ? s.title : props.id;
  const url = typeof s.url === 'string' ? s.url : undefined;
  return (
    <span className="source">
      {url ? (
        <a href={url} target="_blank" rel="noreferrer">
          {title}
        </a>
      ) : (
        title
      )}
      {' · '}
      {String(s.publisher ?? '')} · {String(s.published ?? '')} · {String(s.kind ?? '')}
      {typeof s.language === 'string' && s.language !== 'en' ? ` · ${s.language}` : ''}
    </span>
  );
}

function SubjectHistory(props: { id: string; highlight: ReadonlySet<number> }) {
  const { data, error } = useApi<History>(`/api/subjects/${encodeURIComponent(props.id)}/history`);
  if (error) return <Problem error={error} />;
  if (!data) return <p className="muted">Loading {props.id}…</p>;
  return (
    <section className="history" aria-label={`records about ${props.id}`}>
      <h3>
        {props.id} <span className="muted">({data.records[0]?.kind})</span>
      </h3>
      <ol>
        {data.records.map((r) => (
          <li key={r.seq} className={props.highlight.has(r.seq) ? 'record counted' : 'record'}>
            <div className="record-head">
              <strong>record {r.seq}</strong> · {r.op} · valid {r.validText} · known {r.known}
              {r.assumption ? <span className="badge assumption">assumption</span> : null}
              {r.confidence !== 'confirmed' ? <span className="badge">{r.confidence}</span> : null}
              {props.highlight.has(r.seq) ? (
                <span className="badge counted">behind this figure</span>
              ) : null}
            </div>
            <pre className="payload">{JSON.stringify(r.payload, null, 1)}</pre>
            {r.note ? <p className="note">{r.note}</p> : null}
            <p className="muted">
              Source: <SourceLine id={r.source} source={data.sources[r.source]} />
            </p>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** The side panel that shows the records and sources behind a figure. Escape closes it. */
export function RecordDrawer(props: { evidence: Evidence; onClose: () => void }) {
  const { evidence, onClose } = props;
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    close.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      previous?.focus();
    };
  }, [evidence, onClose]);
  const highlight = new Set(evidence.records);
  const subjects = evidence.subjects.slice(0, MAX_SUBJECTS);
  return (
    <div className="drawer-backdrop" onClick={onClose}>
      <aside
        className="drawer"
        role="dialog"
        aria-modal="true"
        aria-labelledby="drawer-title"
        data-testid="record-drawer"
        onClick={(e) => e.stopPropagation()}
      >
        <header>
          <h2 id="drawer-title">{evidence.title}</h2>
          <button ref={close} type="button" onClick={onClose} aria-label="Close">
            ✕
          </button>
        </header>
        {evidence.note ? <p>{evidence.note}</p> : null}
        {subjects.length === 0 ? (
          <p>
            No record counts toward this figure
            {evidence.records.length > 0 ? ` (records ${evidence.records.join(', ')})` : ''}: it is
            zero because nothing in the ledger, as known at this date, adds to it.
          </p>
        ) : null}
        {evidence.subjects.length > MAX_SUBJECTS ? (
          <p className="muted">
            Showing {MAX_SUBJECTS} of {evidence.subjects.length} subjects; the API lists them all.
          </p>
        ) : null}
        {subjects.map((id) => (
          <SubjectHistory key={id} id={id} highlight={highlight} />
        ))}
      </aside>
    </div>
  );
}
