import { useEffect, useRef, useState, type ReactNode } from 'react';
import { fetchJson } from '../api.js';
import { useReadOnly } from '../read-only.js';
import { Problem } from './problem.js';

/** A run as the API returns it (see /api/runs). */
export interface Run<TResult = unknown> {
  id: string;
  kind: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  progress: { done: number; total: number | null; message: string } | null;
  result: TResult | null;
  error: { code: string; message: string } | null;
}

/**
 * Start a run of `kind` and follow it by server-sent events until it finishes, showing progress;
 * then render its result with `children`. The Plan and Risk pages use the same panel with their kinds.
 */
export function RunPanel<TResult>(props: {
  kind: string;
  label: string;
  params?: Record<string, unknown>;
  /** Draws the result under the button; pages that draw it elsewhere use `onFinished`. */
  children?: (result: TResult) => ReactNode;
  onFinished?: (result: TResult) => void;
}) {
  const [run, setRun] = useState<Run<TResult> | undefined>();
  const [error, setError] = useState<Error | undefined>();
  const readOnly = useReadOnly();
  const onFinished = useRef(props.onFinished);
  onFinished.current = props.onFinished;
  useEffect(() => {
    if (!run || run.status === 'succeeded' || run.status === 'failed') return undefined;
    const events = new EventSource(`/api/runs/${encodeURIComponent(run.id)}/events`);
    events.addEventListener('run', (e) => {
      const next = JSON.parse((e as MessageEvent<string>).data) as Run<TResult>;
      setRun(next);
      if (next.status === 'succeeded' || next.status === 'failed') events.close();
      if (next.status === 'succeeded' && next.result !== null) onFinished.current?.(next.result);
    });
    events.onerror = () => {
      // The stream ends when the run does; if it broke before, ask once for where the run stands.
      events.close();
      fetchJson<Run<TResult>>(`/api/runs/${encodeURIComponent(run.id)}`).then((next) => {
        setRun(next);
        if (next.status === 'succeeded' && next.result !== null) onFinished.current?.(next.result);
      }, setError);
    };
    return () => events.close();
  }, [run?.id, run?.status]);
  const busy = run !== undefined && (run.status === 'queued' || run.status === 'running');
  const start = () => {
    setError(undefined);
    fetchJson<Run<TResult>>('/api/runs', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: props.kind, params: props.params ?? {} }),
    }).then(setRun, setError);
  };
  const p = run?.progress;
  return (
    <div className="run-panel" data-testid={`run-${props.kind}`}>
      <button
        type="button"
        onClick={start}
        disabled={busy || readOnly}
        title={readOnly ? 'This server is read-only: runs are started with the CLI' : undefined}
      >
        {busy ? 'Running…' : props.label}
      </button>
      {readOnly ? <span className="muted"> (read-only server: runs come from the CLI)</span> : null}
      {run ? (
        <span className="run-status" role="status" data-testid="run-status">
          {' '}
          {run.status}
          {p ? ` · ${p.message}` : ''}
        </span>
      ) : null}
      {busy && p && p.total ? (
        <progress max={p.total} value={p.done} />
      ) : busy ? (
        <progress />
      ) : null}
      {error ? <Problem error={error} /> : null}
      {run?.status === 'failed' && run.error ? (
        <div role="alert" className="problem">
          The run failed: {run.error.message}
        </div>
      ) : null}
      {run?.status === 'succeeded' && run.result !== null && props.children
        ? props.children(run.result)
        : null}
    </div>
  );
}
