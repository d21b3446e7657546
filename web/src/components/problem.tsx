import { ApiProblem } from '../api.js';

/** An API error in plain words, with the details a reader can act on. */
export function Problem(props: { error: Error }) {
  const { error } = props;
  const issues = error instanceof ApiProblem ? error.issues : undefined;
  return (
    <div role="alert" className="problem" data-testid="problem">
      <strong>Something went wrong.</strong> {error.message}
      {issues && issues.length > 0 ? (
        <ul>
          {issues.map((issue, i) => {
            const { file, line, path, message } = issue as Record<string, unknown>;
            return (
              <li key={i}>
                {String(file ?? '')}
                {line !== undefined && line !== null ? `:${String(line)}` : ''}
                {path ? ` ${String(path)}` : ''}: {String(message ?? '')}
              </li>
            );
          })}
        </ul>
      ) : null}
    </div>
  );
}
