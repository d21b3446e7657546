import { useEffect, useState, type ReactNode } from 'react';
import { useApi } from '../use-api.js';
import { Problem } from './problem.js';
import { RunPanel } from './run-panel.js';

/** What a stored run's list entry shows: its number, when, and a few words. */
export interface StoredRunEntry {
  id: number;
  createdAt: string;
}

/**
 * The runs of one kind kept in the ledger file (by the CLI or by this dashboard), a button to start
 * a new one with the page's parameters, and the chosen run drawn by `children`. A run started here
 * becomes the chosen one as soon as it is stored.
 */
export function StoredRuns<
  TEntry extends StoredRunEntry,
  TRun extends { id: number | null },
>(props: {
  kind: 'plan' | 'risk';
  /** `/api/plan-runs` or `/api/risk-runs`. */
  listPath: string;
  label: string;
  params: Record<string, unknown>;
  describe: (entry: TEntry) => string;
  children: (run: TRun) => ReactNode;
}) {
  const [refresh, setRefresh] = useState(0);
  const list = useApi<{ runs: TEntry[] }>(props.listPath, refresh);
  const [chosen, setChosen] = useState<number | undefined>();
  const latest = list.data?.runs[0]?.id;
  const id = chosen ?? latest;
  const run = useApi<TRun>(id === undefined ? undefined : `${props.listPath}/${id}`);
  useEffect(() => {
    if (chosen !== undefined && list.data && !list.data.runs.some((r) => r.id === chosen))
      setChosen(undefined);
  }, [chosen, list.data]);
  return (
    <>
      <section className="card run-controls" aria-label={`Start a ${props.kind} run`}>
        <RunPanel<TRun>
          kind={props.kind}
          label={props.label}
          params={props.params}
          onFinished={(result) => {
            if (result.id !== null) setChosen(result.id);
            setRefresh((n) => n + 1);
          }}
        />
        {list.data && list.data.runs.length > 0 ? (
          <p>
            <label htmlFor={`${props.kind}-run`}>Stored runs</label>{' '}
            <select
              id={`${props.kind}-run`}
              value={id ?? ''}
              onChange={(e) => setChosen(Number(e.target.value))}
            >
              {list.data.runs.map((r) => (
                <option key={r.id} value={r.id}>
                  #{r.id} · {r.createdAt.slice(0, 16).replace('T', ' ')} · {props.describe(r)}
                </option>
              ))}
            </select>
          </p>
        ) : list.data ? (
          <p className="muted" data-testid={`no-${props.kind}-runs`}>
            No {props.kind} run is stored yet: start one above (or with the CLI).
          </p>
        ) : null}
        {list.error ? <Problem error={list.error} /> : null}
      </section>
      {run.error ? <Problem error={run.error} /> : null}
      {run.data ? (
        <div className={run.loading ? 'loading' : ''}>{props.children(run.data)}</div>
      ) : null}
    </>
  );
}
