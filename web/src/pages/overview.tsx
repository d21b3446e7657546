import { useEffect, useState } from 'react';
import type { StatusView } from '../../../src/app/ledger-status.js';
import type { ProgramTimeline } from '../../../src/metrics/program-timeline.js';
import { queryString } from '../api.js';
import { CapacityFunnel } from '../components/capacity-funnel.js';
import { SubjectLink } from '../components/evidence.js';
import { PledgeCard } from '../components/pledge-card.js';
import { Problem } from '../components/problem.js';
import { Timeline } from '../components/timeline.js';
import { ViewControls } from '../components/view-controls.js';
import { formatDay } from '../format.js';
import { useApi } from '../use-api.js';
import { useViewPoint } from '../view-point.js';

/** Overview: pledges, the capacity funnel under both policies, and the timeline, at (V, K). */
export function OverviewPage() {
  const view = useViewPoint();
  const at = { asOf: view.asOf, knownAt: view.knownAt };
  const venture = useApi<StatusView>(
    `/api/status${queryString({ ...at, policy: 'venture', evidence: 'true' })}`,
  );
  const claimed = useApi<StatusView>(
    `/api/status${queryString({ ...at, policy: 'claimed', evidence: 'true' })}`,
  );
  const timeline = useApi<ProgramTimeline>(`/api/timeline${queryString(at)}`);
  // The slider starts at the program's announcement, remembered once known.
  const [announced, setAnnounced] = useState<string | undefined>();
  const program = venture.data?.program;
  useEffect(() => {
    if (program?.announced && /^\d{4}-\d{2}-\d{2}$/.test(program.announced))
      setAnnounced(program.announced);
  }, [program?.announced]);

  const current = view.policy === 'venture' ? venture.data : claimed.data;
  const error = venture.error ?? claimed.error;
  const capacityPledge = current?.pledges.find(
    (p) => p.metric === 'capacity_mw' && p.status === 'active',
  );
  return (
    <>
      <h1>
        {program?.name ?? 'Program'}{' '}
        <span className="muted">
          as of {formatDay(view.asOf)}, as known at {formatDay(view.knownAt)}
        </span>
      </h1>
      <ViewControls view={view} min={announced} />
      {error ? <Problem error={error} /> : null}
      <div aria-live="polite" className="sr-only" data-testid="live-summary">
        {venture.data && claimed.data
          ? `Contracted capacity: venture ${venture.data.capacityMw.contracted} MW, claimed ${claimed.data.capacityMw.contracted} MW.`
          : ''}
      </div>
      {program ? (
        <p className="members">
          Members:{' '}
          {program.members.map((m, i) => (
            <span key={m.party}>
              {i > 0 ? ', ' : ''}
              <SubjectLink id={m.party} />{' '}
              <span className="muted">
                ({m.roles.join(', ')}
                {m.lead ? ', lead' : ''})
              </span>
            </span>
          ))}
        </p>
      ) : null}
      <div className={`overview ${venture.loading || claimed.loading ? 'loading' : ''}`}>
        {venture.data && claimed.data ? (
          <CapacityFunnel
            venture={venture.data}
            claimed={claimed.data}
            targetMw={capacityPledge?.target}
          />
        ) : null}
        {current ? (
          <section aria-labelledby="pledges-title" className="pledges">
            <h2 id="pledges-title">
              Pledges{' '}
              <span className="muted">
                — counting{' '}
                {view.policy === 'venture' ? 'the venture’s own' : 'what partners claim too'}
              </span>
            </h2>
            <div className="cards">
              {current.pledges.map((p) => (
                <PledgeCard key={p.id} pledge={p} policy={view.policy} />
              ))}
            </div>
            {current.observations.length > 0 ? (
              <ul className="observations">
                {current.observations.map((o) => (
                  <li key={o.id}>
                    {o.at}:{' '}
                    <SubjectLink id={o.id}>
                      {o.metric} = {o.value}
                    </SubjectLink>
                    {o.statement ? (
                      <>
                        {' '}
                        — <q lang={o.statement.language}>{o.statement.original}</q>
                        {o.statement.rendering ? (
                          <span className="muted"> ({o.statement.rendering})</span>
                        ) : null}
                      </>
                    ) : null}
                  </li>
                ))}
              </ul>
            ) : null}
          </section>
        ) : null}
        {timeline.data ? <Timeline timeline={timeline.data} /> : null}
      </div>
    </>
  );
}
