import { useState } from 'react';
import type { ImportOutcome } from '../../../src/app/import-scenarios.js';
import type { VerifyOutcome } from '../../../src/app/verify-ledger.js';
import { fetchJson } from '../api.js';
import { SubjectLink } from '../components/evidence.js';
import { Problem } from '../components/problem.js';
import { RunPanel } from '../components/run-panel.js';
import { useReadOnly } from '../read-only.js';
import { useApi } from '../use-api.js';

interface Health {
  ledger: { records: number; subjects: number; head: string; lastRecordedAt: string | null };
  runKinds: string[];
  version: string;
}
interface Source {
  id: string;
  title?: string;
  publisher?: string;
  published?: string;
  kind?: string;
  url?: string;
}

/** Size, head and a verification run; remounted (so refetched) after each import. */
function LedgerRecords() {
  const health = useApi<Health>('/api/health');
  return (
    <>
      {health.error ? <Problem error={health.error} /> : null}
      {health.data ? (
        <section className="card">
          <h2>Records</h2>
          <p>
            {health.data.ledger.records} records about {health.data.ledger.subjects} subjects · head{' '}
            <code>{health.data.ledger.head.slice(0, 16)}…</code>
          </p>
          <RunPanel<VerifyOutcome> kind="verify" label="Verify the hash chain">
            {(result) => (
              <p data-testid="verify-result" className={result.ok ? 'ok' : 'problem'}>
                {result.chain.ok
                  ? `Verified: ${result.chain.records} records, every fact key and link recomputed.`
                  : `Record ${result.chain.seq} (${result.chain.subject}): ${result.chain.problem}.`}
                {result.derived.length > 0 ? ` Derived tables: ${result.derived.join('; ')}` : ''}
              </p>
            )}
          </RunPanel>
        </section>
      ) : null}
    </>
  );
}

/** The ledger itself: its size and head, a verification run, an import, and every source. */
export default function LedgerPage() {
  const [imported, setImported] = useState(0);
  const sources = useApi<Source[]>('/api/sources');
  const [file, setFile] = useState<File | undefined>();
  const [dryRun, setDryRun] = useState(true);
  const [outcome, setOutcome] = useState<ImportOutcome | undefined>();
  const [importError, setImportError] = useState<Error | undefined>();
  const readOnly = useReadOnly();
  const upload = async () => {
    if (!file) return;
    setImportError(undefined);
    setOutcome(undefined);
    const type = file.name.endsWith('.json') ? 'application/json' : 'application/yaml';
    try {
      const result = await fetchJson<ImportOutcome>(
        `/api/imports?file=${encodeURIComponent(file.name)}${dryRun ? '&dryRun=true' : ''}`,
        { method: 'POST', headers: { 'content-type': type }, body: await file.text() },
      );
      setOutcome(result);
      setImported((n) => n + 1);
    } catch (e) {
      setImportError(e as Error);
    }
  };
  return (
    <>
      <h1>Ledger</h1>
      <LedgerRecords key={imported} />
      <section className="card">
        <h2>Import a scenario file</h2>
        <p className="muted">
          YAML or JSON (format stargate/v1). All or nothing; facts already in the ledger are
          skipped.
          {readOnly ? ' This server is read-only: import with the CLI (stargate import).' : ''}
        </p>
        <input
          type="file"
          accept=".yaml,.yml,.json"
          aria-label="Scenario file"
          onChange={(e) => setFile(e.target.files?.[0])}
        />{' '}
        <label>
          <input type="checkbox" checked={dryRun} onChange={(e) => setDryRun(e.target.checked)} />{' '}
          dry run (write nothing)
        </label>{' '}
        <button type="button" disabled={!file || readOnly} onClick={() => void upload()}>
          Import
        </button>
        {importError ? <Problem error={importError} /> : null}
        {outcome?.ok ? (
          <p role="status">
            {outcome.dryRun ? 'Would add' : 'Added'} {outcome.result.added} record(s);{' '}
            {outcome.result.skipped} already in the ledger.
          </p>
        ) : null}
      </section>
      <section className="card">
        <h2>Sources</h2>
        {sources.error ? <Problem error={sources.error} /> : null}
        <ul className="sources">
          {(sources.data ?? []).map((s) => (
            <li key={s.id}>
              <SubjectLink id={s.id}>{s.title ?? s.id}</SubjectLink> · {s.publisher} · {s.published}{' '}
              · {s.kind}
              {s.url ? (
                <>
                  {' '}
                  · <a href={s.url}>link</a>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
