import { useEffect, useState } from 'react';
import { addDays, daysBetween, formatDay } from '../format.js';
import { POLICIES, today, type ViewPoint } from '../view-point.js';

/**
 * The "as known at" slider (one step a day, from `min` to today), the "as of" date and the policy
 * switch. The slider's label moves at once; the address — and so the figures — follow after a short
 * pause, so dragging does not send a request per pixel.
 */
export function ViewControls(props: {
  view: ViewPoint;
  min: string | undefined;
  showPolicy?: boolean;
}) {
  const { view } = props;
  const max = today();
  // From the program's announcement; never after the day on view, so the thumb can show it.
  const earliest = props.min ?? addDays(max, -365);
  const min = view.knownAt < earliest ? view.knownAt : earliest;
  const span = Math.max(1, daysBetween(min, max));
  const [pending, setPending] = useState(view.knownAt);
  useEffect(() => setPending(view.knownAt), [view.knownAt]);
  useEffect(() => {
    if (pending === view.knownAt) return undefined;
    const timer = window.setTimeout(
      () => view.setKnownAt(pending === max ? undefined : pending),
      120,
    );
    return () => window.clearTimeout(timer);
  }, [pending, view, max]);
  const offset = Math.min(span, Math.max(0, daysBetween(min, pending)));
  return (
    <section className="controls" aria-label="View controls">
      <div className="slider">
        <label htmlFor="known-at">
          As known at{' '}
          <strong data-testid="known-at-label" data-day={pending}>
            {formatDay(pending)}
          </strong>
        </label>
        <input
          id="known-at"
          data-testid="known-at-slider"
          type="range"
          min={0}
          max={span}
          step={1}
          value={offset}
          aria-valuetext={`as known at ${pending}`}
          onChange={(e) => setPending(addDays(min, Number(e.target.value)))}
        />
        <div className="slider-ends muted" aria-hidden="true">
          <span>{formatDay(min)}</span>
          <span>today</span>
        </div>
      </div>
      <div className="as-of">
        <label htmlFor="as-of">As of</label>
        <input
          id="as-of"
          type="date"
          value={view.asOf}
          min="2000-01-01"
          max="2100-12-31"
          onChange={(e) => view.setAsOf(e.target.value === '' ? undefined : e.target.value)}
        />
        {view.asOfFollows ? (
          <span className="muted"> (the same day)</span>
        ) : (
          <button type="button" className="link" onClick={() => view.setAsOf(undefined)}>
            follow “known at”
          </button>
        )}
      </div>
      {props.showPolicy === false ? null : (
        <fieldset className="policy">
          <legend>Count</legend>
          {POLICIES.map((p) => (
            <label key={p}>
              <input
                type="radio"
                name="policy"
                value={p}
                checked={view.policy === p}
                onChange={() => view.setPolicy(p)}
              />{' '}
              {p === 'venture' ? 'the venture’s own' : 'also what partners claim'}
            </label>
          ))}
        </fieldset>
      )}
    </section>
  );
}
