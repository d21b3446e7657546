import { useState } from 'react';
import type { DecisionRegister } from '../../../src/governance/decision-register.js';
import { queryString } from '../api.js';
import { EvidenceButton, SubjectLink } from '../components/evidence.js';
import { Problem } from '../components/problem.js';
import { ViewControls } from '../components/view-controls.js';
import { formatBasis, formatDay, formatMw, formatUsd } from '../format.js';
import { useQueryParam } from '../router.js';
import { describeRule, RULE_PRESETS } from '../rule-words.js';
import { useApi } from '../use-api.js';
import { useViewPoint } from '../view-point.js';
import { useProgramStart } from '../program-start.js';

/** Governance: the decision register, the charter, and a rule what-if. */
export default function GovernancePage() {
  const view = useViewPoint();
  const start = useProgramStart();
  const [rule, setRule] = useQueryParam('rule');
  const [typed, setTyped] = useState(rule ?? '');
  const { data, error, loading } = useApi<DecisionRegister>(
    `/api/decisions${queryString({ asOf: view.asOf, knownAt: view.knownAt, policy: view.policy, rule })}`,
  );
  return (
    <>
      <h1>
        Governance{' '}
        <span className="muted">
          as of {formatDay(view.asOf)}, as known at {formatDay(view.knownAt)}
        </span>
      </h1>
      <ViewControls view={view} min={start} />
      <form
        className="card what-if"
        onSubmit={(e) => {
          e.preventDefault();
          setRule(typed.trim() === '' ? undefined : typed.trim());
        }}
      >
        <label htmlFor="rule-preset">What if every decision were judged by</label>{' '}
        <select
          id="rule-preset"
          value={RULE_PRESETS.some(([r]) => r === (rule ?? '')) ? (rule ?? '') : 'custom'}
          onChange={(e) => {
            if (e.target.value === 'custom') return;
            setTyped(e.target.value);
            setRule(e.target.value === '' ? undefined : e.target.value);
          }}
        >
          {RULE_PRESETS.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
          <option value="custom">another rule…</option>
        </select>{' '}
        <label htmlFor="rule-text" className="sr-only">
          Rule
        </label>
        <input
          id="rule-text"
          value={typed}
          placeholder="e.g. supermajority,threshold=0.75,basis=seats"
          onChange={(e) => setTyped(e.target.value)}
        />{' '}
        <button type="submit">Apply</button>
      </form>
      {error ? <Problem error={error} /> : null}
      {data ? (
        <div className={loading ? 'loading' : ''}>
          <p className="summary" data-testid="decisions-summary">
            {data.summary.open} open ({data.summary.deadlocked} deadlocked) ·{' '}
            {data.summary.resolved} resolved · blocked {formatMw(data.summary.blockedMw)},{' '}
            {formatUsd(data.summary.blockedCapitalUsd)} ({data.policy} policy)
            {data.ruleOverride ? ` · judged by ${describeRule(data.ruleOverride)}` : ''}
          </p>
          <div className="cards decisions">
            {data.decisions.map((d) => (
              <article key={d.id} className="card decision" data-testid={`decision-${d.id}`}>
                <header>
                  <h2>
                    <SubjectLink id={d.id} />{' '}
                    <span className={`badge state ${d.outcome?.state ?? d.status}`}>
                      {(d.outcome?.state ?? d.status).toUpperCase()}
                    </span>
                  </h2>
                  <p>{d.question}</p>
                </header>
                <p>
                  Opened {d.opened} · age{' '}
                  <EvidenceButton
                    evidence={{
                      title: `${d.id}: ${d.ageDays} days open`,
                      subjects: [d.id],
                      records: d.records,
                    }}
                  >
                    {d.ageDays} days
                  </EvidenceButton>{' '}
                  · idle {d.idleDays} days · rule: {describeRule(d.rule)}
                  {d.ruleFrom === 'override' ? ' (what-if)' : ''}
                  {d.veto.length > 0 ? ` · veto: ${d.veto.join(', ')}` : ''}
                </p>
                {d.outcome ? <p className="muted">{d.outcome.reason}</p> : null}
                <table aria-label={`Positions on ${d.id}`}>
                  <thead>
                    <tr>
                      <th scope="col">Member</th>
                      <th scope="col">Stance</th>
                      <th scope="col">Since</th>
                    </tr>
                  </thead>
                  <tbody>
                    {d.positions.map((p) => (
                      <tr key={p.party}>
                        <th scope="row">
                          <SubjectLink id={p.party} />
                        </th>
                        <td className={`stance ${p.stance}`}>
                          {p.position ? (
                            <SubjectLink id={p.position}>{p.stance}</SubjectLink>
                          ) : (
                            p.stance
                          )}
                          {p.assumption ? (
                            <span className="badge assumption" title="modelled, not reported">
                              A
                            </span>
                          ) : null}
                        </td>
                        <td>{p.since ?? '–'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <p>
                  Blocks:{' '}
                  {d.blocks.length === 0
                    ? 'nothing recorded'
                    : d.blocks.map((b, i) => (
                        <span key={b.id}>
                          {i > 0 ? ', ' : ''}
                          <SubjectLink id={b.id} />
                          {b.mw > 0 ? ` · ${formatMw(b.mw)}` : ''}
                          {b.capitalUsd > 0 ? ` · ${formatUsd(b.capitalUsd)}` : ''}
                        </span>
                      ))}
                </p>
                <p className="muted">Basis: {formatBasis(d.basis)}</p>
              </article>
            ))}
          </div>
          <section className="card" aria-labelledby="charter-title">
            <h2 id="charter-title">Charter</h2>
            {data.charter ? (
              <>
                <p>
                  <SubjectLink id={data.charter.id} /> adopted {data.charter.adopted} · default
                  class {data.charter.defaultClass ?? '–'} · basis {formatBasis(data.charter.basis)}
                </p>
                <ul>
                  {data.charter.classes.map((c) => (
                    <li key={c.id}>
                      <strong>{c.id}</strong>: {describeRule(c.rule)}
                      {c.veto && c.veto.length > 0 ? ` · veto: ${c.veto.join(', ')}` : ''}
                      {c.note ? <span className="muted"> — {c.note}</span> : null}
                    </li>
                  ))}
                </ul>
              </>
            ) : (
              <p>No charter is recorded: decisions have no rule, so none can be judged.</p>
            )}
            <p>
              Members:{' '}
              {data.members.map((m, i) => (
                <span key={m.party}>
                  {i > 0 ? ', ' : ''}
                  <SubjectLink id={m.party} />
                  {m.lead ? ' (lead)' : ''}
                  {m.equity !== undefined ? ` ${Math.round(m.equity * 100)}%` : ''}
                </span>
              ))}
            </p>
          </section>
        </div>
      ) : null}
    </>
  );
}
