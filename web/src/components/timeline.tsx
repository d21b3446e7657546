import { useState } from 'react';
import type { ProgramTimeline, TimelineCategory } from '../../../src/metrics/program-timeline.js';
import { daysBetween } from '../format.js';
import { EvidenceButton } from './evidence.js';

const CATEGORIES: [TimelineCategory, string][] = [
  ['event', 'Events'],
  ['statement', 'Statements and pledges'],
  ['decision', 'Decisions'],
];

/**
 * The program's dated entries as known at the chosen date: a strip to see the rhythm (decorative),
 * and the list, which is the text alternative and where each entry opens its record.
 */
export function Timeline(props: { timeline: ProgramTimeline }) {
  const [shown, setShown] = useState<Record<TimelineCategory, boolean>>({
    event: true,
    statement: true,
    decision: true,
  });
  const events = props.timeline.events.filter((e) => shown[e.category] && e.date > '0000-01-01');
  const first = events[0]?.date ?? props.timeline.asOf;
  const last = props.timeline.asOf > first ? props.timeline.asOf : first;
  const span = Math.max(1, daysBetween(first, last));
  return (
    <section className="card timeline" aria-labelledby="timeline-title">
      <h2 id="timeline-title">Timeline</h2>
      <fieldset className="chips">
        <legend className="muted">Show</legend>
        {CATEGORIES.map(([key, label]) => (
          <label key={key} className={`chip ${key}`}>
            <input
              type="checkbox"
              checked={shown[key]}
              onChange={(e) => setShown({ ...shown, [key]: e.target.checked })}
            />{' '}
            {label}
          </label>
        ))}
      </fieldset>
      <svg viewBox="0 0 100 8" className="strip" aria-hidden="true" preserveAspectRatio="none">
        <line x1={0} x2={100} y1={4} y2={4} className="axis" />
        {events.map((e) => (
          <circle
            key={`${e.record}-${e.change}`}
            cx={(daysBetween(first, e.date) / span) * 98 + 1}
            cy={4}
            r={1.4}
            className={`dot ${e.category}`}
          />
        ))}
      </svg>
      <ol className="events" data-testid="timeline">
        {events.map((e) => (
          <li key={`${e.record}-${e.change}`} className={e.category}>
            <time dateTime={e.date}>{e.dateText}</time>{' '}
            <EvidenceButton
              evidence={{ title: e.label, subjects: [e.subject], records: [e.record] }}
            >
              {e.label}
            </EvidenceButton>
            {e.assumption ? (
              <span className="badge assumption" title="rests on a modelling assumption">
                A
              </span>
            ) : null}
            {e.known > e.date ? <span className="muted"> · known {e.known}</span> : null}
          </li>
        ))}
        {events.length === 0 ? <li className="muted">Nothing dated is known yet.</li> : null}
      </ol>
    </section>
  );
}
