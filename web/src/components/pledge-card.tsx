import type { PledgeProgress } from '../../../src/metrics/pledge-progress.js';
import { formatBasis, formatDay, formatMetric, formatPercent, METRIC_LABEL } from '../format.js';
import { EvidenceButton, SubjectLink } from './evidence.js';

const STAGE_LABEL: Record<string, string> = {
  announced: 'announced',
  contracted: 'contracted',
  underConstruction: 'under construction',
  operational: 'operational',
  committed: 'committed',
  spent: 'spent',
};

/** One pledge: target and deadline, what is achieved at each stage, pace, and whether it stalled. */
export function PledgeCard(props: { pledge: PledgeProgress; policy: string }) {
  const { pledge: p } = props;
  const unit = (v: number) => formatMetric(p.metric, v);
  const counted = p.stages[p.countsAt];
  const superseded = p.status !== 'active';
  return (
    <article
      className={`card pledge ${superseded ? 'superseded' : ''}`}
      data-testid={`pledge-${p.id}`}
      aria-labelledby={`pledge-${p.id}-title`}
    >
      <header>
        <h3 id={`pledge-${p.id}-title`}>
          <SubjectLink id={p.id}>{unit(p.target)}</SubjectLink>{' '}
          <span className="muted">{METRIC_LABEL[p.metric] ?? p.metric}</span>
        </h3>
        <p className="muted">
          by {p.deadline.text} · pledged {p.made.text} by {p.by.join(', ')} · {formatBasis(p.basis)}
        </p>
        {superseded ? (
          <p className="badge">
            {p.status}
            {p.revisedBy.length > 0 ? ` by ${p.revisedBy.join(', ')}` : ''}
          </p>
        ) : null}
        {p.stalled && !superseded ? (
          <p className="badge stalled" title={`no progress since ${p.lastProgress}`}>
            stalled · {p.daysWithoutProgress} days without progress
          </p>
        ) : null}
      </header>
      <div
        className="progress"
        role="img"
        aria-label={`${formatPercent(p.ratio)} of the target ${p.countsAt}`}
      >
        <div className="progress-fill" style={{ width: `${Math.min(100, p.ratio * 100)}%` }} />
      </div>
      <p>
        Achieved ({STAGE_LABEL[p.countsAt] ?? p.countsAt}):{' '}
        <EvidenceButton
          testId={`achieved-${p.id}`}
          evidence={{
            title: `${p.id}: ${unit(p.achieved)} ${p.countsAt} (${props.policy} policy)`,
            subjects: counted?.subjects ?? [],
            records: counted?.records ?? [],
          }}
        >
          {unit(p.achieved)}
        </EvidenceButton>{' '}
        = {formatPercent(p.ratio)}
      </p>
      <dl className="stages">
        {Object.entries(p.stages).map(([stage, figure]) => (
          <div key={stage}>
            <dt>{STAGE_LABEL[stage] ?? stage}</dt>
            <dd>
              <EvidenceButton
                evidence={{
                  title: `${p.id}: ${STAGE_LABEL[stage] ?? stage} ${unit(figure.value)} (${props.policy} policy)`,
                  subjects: figure.subjects ?? [],
                  records: figure.records ?? [],
                }}
              >
                {unit(figure.value)}
              </EvidenceButton>
              {figure.unknown > 0 ? <span className="muted"> +{figure.unknown}?</span> : null}
            </dd>
          </div>
        ))}
      </dl>
      <p className="pace">
        Pace so far {p.pace.soFarPerYear === null ? '–' : `${unit(p.pace.soFarPerYear)}/yr`} ·
        needed{' '}
        {p.pace.neededPerYear === null ? 'deadline passed' : `${unit(p.pace.neededPerYear)}/yr`}
        {p.pace.daysLeft > 0 ? ` · ${p.pace.daysLeft} days left` : ''}
      </p>
      <p className="muted">Last progress {formatDay(p.lastProgress)}</p>
    </article>
  );
}
