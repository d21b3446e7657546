import type { RunRegistry, RunView } from './run-registry.js';

/**
 * A run as server-sent events: one `run` event with its current state, then one per change; the
 * stream ends when the run has finished (or the client goes away).
 */
export function runEventStream(options: {
  runs: RunRegistry;
  id: string;
  signal: AbortSignal;
}): Response {
  const { runs, id, signal } = options;
  const encoder = new TextEncoder();
  let stop = () => undefined as void;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      const close = () => {
        if (closed) return;
        closed = true;
        stop();
        controller.close();
      };
      const send = (run: RunView) => {
        if (closed) return;
        controller.enqueue(encoder.encode(`event: run\ndata: ${JSON.stringify(run)}\n\n`));
        if (run.finishedAt !== null) close();
      };
      const unsubscribe = runs.subscribe(id, send);
      stop = () => {
        unsubscribe();
        signal.removeEventListener('abort', close);
      };
      signal.addEventListener('abort', close);
      const current = runs.get(id);
      if (current) send(current);
      else close();
    },
    cancel() {
      stop();
    },
  });
  return new Response(body, {
    headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' },
  });
}
