import { useState } from 'react';
import type { SubjectState } from '../../../src/ledger/subject-state.js';
import type { PlanBody, PlanRun } from '../../../src/planner/plan-run.js';
import type { StoredPlanRunSummary } from '../../../src/store/plan-run-store.js';
import { EvidenceButton, SubjectLink } from '../components/evidence.js';
import { StoredRuns } from '../components/stored-runs.js';
import { ViewControls } from '../components/view-controls.js';
import { formatDay, formatMw, formatPercent, formatUsd } from '../format.js';
import { useProgramStart } from '../program-start.js';
import { useApi } from '../use-api.js';
import { useViewPoint } from '../view-point.js';

const LAYERS = [
  ['existingMw', 'Existing', 'existing'],
  ['builtMw', 'Built by the plan', 'built'],
  ['leasedMw', 'Leased', 'leased'],
] as const;

/** The ledger subjects behind one layer of one year: what exists, the sites built, the offers leased. */
function behind(run: PlanRun, layer: (typeof LAYERS)[number][0], year: number): string[] {
  const plan = run.plan;
  const ids =
    layer === 'existingMw'
      ? run.existing.filter((e) => e.fromYear <= year).map((e) => e.subject)
      : layer === 'builtMw'
        ? (plan?.builds ?? []).filter((b) => b.year <= year).map((b) => b.candidate)
        : (plan?.leases ?? []).filter((l) => l.year === year).map((l) => l.offer);
  return [...new Set(ids)];
}

/** Capacity by year, stacked (existing, built, leased), against the target path. */
function CapacityPath(props: { run: PlanRun; targetPaths: string[] }) {
  const capacity = props.run.plan?.capacity ?? [];
  const max = Math.max(1, ...capacity.map((c) => Math.max(c.targetMw, c.totalMw)));
  const w = 600;
  const h = 220;
  const slot = w / Math.max(1, capacity.length);
  const y = (mw: number) => h - (mw / max) * (h - 10);
  const text = capacity
    .map(
      (c) =>
        `${c.year}: ${formatMw(c.totalMw)} of ${formatMw(c.targetMw)} target${c.shortfallMw > 0 ? `, ${formatMw(c.shortfallMw)} short` : ''}`,
    )
    .join('; ');
  return (
    <section className="card" aria-labelledby="path-title">
      <h2 id="path-title">Capacity path against the target</h2>
      <svg
        viewBox={`0 0 ${w} ${h + 20}`}
        role="img"
        aria-label={`Capacity by year against the target path. ${text}.`}
        className="chart"
      >
        {capacity.map((c, i) => {
          let base = 0;
          return (
            <g key={c.year}>
              {LAYERS.map(([key, , cls]) => {
                const top = base + c[key];
                const rect = (
                  <rect
                    key={key}
                    x={i * slot + slot * 0.2}
                    width={slot * 0.6}
                    y={y(top)}
                    height={Math.max(0, y(base) - y(top))}
                    className={`bar ${cls}`}
                  />
                );
                base = top;
                return rect;
              })}
              <text x={i * slot + slot / 2} y={h + 15} textAnchor="middle" className="axis">
                {c.year}
              </text>
            </g>
          );
        })}
        <polyline
          className="target-line"
          fill="none"
          points={capacity.map((c, i) => `${i * slot + slot / 2},${y(c.targetMw)}`).join(' ')}
        />
      </svg>
      <p className="legend">
        {LAYERS.map(([key, label, cls]) => (
          <span key={key}>
            <span className={`swatch ${cls}`} aria-hidden="true" /> {label}
          </span>
        ))}
        <span>
          <span className="swatch target" aria-hidden="true" /> Target
        </span>
      </p>
      <table aria-label="Capacity by year">
        <thead>
          <tr>
            <th scope="col">Year</th>
            <th scope="col">Target</th>
            {LAYERS.map(([key, label]) => (
              <th scope="col" key={key}>
                {label}
              </th>
            ))}
            <th scope="col">Total</th>
            <th scope="col">Short</th>
          </tr>
        </thead>
        <tbody>
          {capacity.map((c) => (
            <tr key={c.year}>
              <th scope="row">{c.year}</th>
              <td>
                <EvidenceButton
                  evidence={{
                    title: `Target for ${c.year}`,
                    subjects: props.targetPaths,
                    records: [],
                  }}
                >
                  {formatMw(c.targetMw)}
                </EvidenceButton>
              </td>
              {LAYERS.map(([key, label]) => (
                <td key={key}>
                  <EvidenceButton
                    evidence={{
                      title: `${label}, ${c.year}`,
                      subjects: behind(props.run, key, c.year),
                      records: [],
                      note: 'The inputs this figure rests on; the figure itself is the solver’s plan.',
                    }}
                  >
                    {formatMw(c[key])}
                  </EvidenceButton>
                </td>
              ))}
              <td>{formatMw(c.totalMw)}</td>
              <td className={c.shortfallMw > 0 ? 'bad' : ''}>{formatMw(c.shortfallMw)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Capital drawn from each member by year: what the plan asks of whom. */
function SpendByMember(props: { run: PlanRun }) {
  const spend = props.run.plan?.spend ?? [];
  const members = [...new Set(spend.flatMap((s) => Object.keys(s.byMember)))].sort();
  const total = (row: (typeof spend)[number]) =>
    Object.values(row.byMember).reduce((a, b) => a + b, 0);
  return (
    <section className="card" aria-labelledby="spend-title">
      <h2 id="spend-title">Spend by year and funding member</h2>
      <table aria-label="Capital drawn by year and member">
        <thead>
          <tr>
            <th scope="col">Year</th>
            {members.map((m) => (
              <th scope="col" key={m}>
                <SubjectLink id={m} />
              </th>
            ))}
            <th scope="col">Capital drawn</th>
            <th scope="col">Of which leases</th>
            <th scope="col">Power (operations)</th>
          </tr>
        </thead>
        <tbody>
          {spend.map((s) => (
            <tr key={s.year}>
              <th scope="row">{s.year}</th>
              {members.map((m) => (
                <td key={m}>{formatUsd(s.byMember[m] ?? 0)}</td>
              ))}
              <td>{formatUsd(total(s))}</td>
              <td>{formatUsd(s.leaseUsd)}</td>
              <td>{formatUsd(s.powerUsd)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Binding(props: { run: PlanRun }) {
  const { binding } = props.run;
  if (!binding)
    return (
      <section className="card">
        <h2>Binding limits</h2>
        <p className="muted">Not measured in this run (it was started without ranking them).</p>
      </section>
    );
  const max = Math.max(1, ...binding.limits.map((l) => l.shortfallReductionMwYears));
  return (
    <section className="card" aria-labelledby="binding-title">
      <h2 id="binding-title">Binding limits, ranked</h2>
      <p className="muted">{binding.relaxation}.</p>
      <table aria-label="Binding limits">
        <thead>
          <tr>
            <th scope="col">Limit</th>
            <th scope="col">Objective gain if relaxed (incl. shortfall penalty)</th>
            <th scope="col">Shortfall removed</th>
          </tr>
        </thead>
        <tbody>
          {binding.limits.map((l) => (
            <tr key={l.limit}>
              <th scope="row">{l.label}</th>
              <td>{formatUsd(l.objectiveGainUsd)}</td>
              <td>
                <span
                  className="inline-bar"
                  style={{ width: `${(l.shortfallReductionMwYears / max) * 6}em` }}
                  aria-hidden="true"
                />{' '}
                {formatMw(l.shortfallReductionMwYears)}-years
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Builds(props: { run: PlanRun }) {
  const plan = props.run.plan;
  if (!plan) return null;
  return (
    <section className="card" aria-labelledby="builds-title">
      <h2 id="builds-title">What gets built, and leased</h2>
      <table aria-label="Builds by site and year">
        <thead>
          <tr>
            <th scope="col">Site</th>
            <th scope="col">Region</th>
            <th scope="col">Year</th>
            <th scope="col">MW</th>
          </tr>
        </thead>
        <tbody>
          {plan.builds.map((b) => (
            <tr key={`${b.candidate}-${b.year}`}>
              <th scope="row">
                <SubjectLink id={b.candidate} />
              </th>
              <td>{b.region}</td>
              <td>{b.year}</td>
              <td>{formatMw(b.mw)}</td>
            </tr>
          ))}
          {plan.leases.map((l) => (
            <tr key={`${l.offer}-${l.year}`}>
              <th scope="row">
                <SubjectLink id={l.offer}>lease: {l.provider}</SubjectLink>
              </th>
              <td>—</td>
              <td>{l.year}</td>
              <td>{formatMw(l.mw)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** What the plan costs, without the penalty the model puts on shortfall to stay feasible. */
function costWords(plan: PlanBody): string {
  const c = plan.cost;
  return `costs ${formatUsd(c.capexUsd + c.openingUsd + c.powerUsd + c.leaseUsd)} (discounted; capex ${formatUsd(c.capexUsd)}, leases ${formatUsd(c.leaseUsd)}, power ${formatUsd(c.powerUsd)})`;
}

function shortfallWords(plan: PlanBody): string {
  const short = plan.shortfall.byYear.filter((y) => y.mw > 0);
  if (short.length === 0) return 'meets the target path every year';
  const worst = short.reduce((a, b) => (b.mw > a.mw ? b : a));
  return `short of the target in ${short.length} year(s): ${short.map((y) => y.year).join(', ')} (most: ${formatMw(worst.mw)} in ${worst.year})`;
}

function PlanView(props: { run: PlanRun; targetPaths: string[] }) {
  const { run } = props;
  const s = run.solver;
  return (
    <div className="plan" data-testid="plan-view">
      <p className="summary" data-testid="plan-summary">
        Plan #{run.id} · {run.scenarioTitle} · as of {formatDay(run.asOf)}, known at{' '}
        {formatDay(run.knownAt)} ({run.policy}) · {s.name} {s.status}
        {s.gap !== null ? `, gap ${formatPercent(s.gap)}` : ''} in {s.seconds.toFixed(1)} s
        {run.plan ? ` · ${costWords(run.plan)} · ${shortfallWords(run.plan)} · ` : ''}
        {run.plan
          ? run.plan.check.ok
            ? 'every constraint re-checked: ok'
            : `${run.plan.check.violations.length} constraint(s) broken`
          : ''}
      </p>
      {run.overlay.length > 0 ? (
        <p className="muted">
          What-if: {run.overlay.map((o) => `${o.key}=${String(o.value)}`).join(', ')}
        </p>
      ) : null}
      {run.gates.length > 0 ? (
        <p className="muted">
          Waiting on decisions:{' '}
          {run.gates.map((g, i) => (
            <span key={g.id}>
              {i > 0 ? ', ' : ''}
              <SubjectLink id={g.id} /> (assumed resolved {formatDay(g.resolves)}; its sites not
              before {g.earliestYear})
            </span>
          ))}
        </p>
      ) : null}
      {run.plan ? (
        <>
          <CapacityPath run={run} targetPaths={props.targetPaths} />
          <div className="cards two">
            <Binding run={run} />
            <Builds run={run} />
          </div>
          <SpendByMember run={run} />
        </>
      ) : (
        <div role="alert" className="problem">
          No plan: the solver ended “{s.solverStatus}” ({s.status}).
        </div>
      )}
    </div>
  );
}

/** Plan: what it would take — the MILP build-out, stored runs, and a button to plan at this view. */
export default function PlanPage() {
  const view = useViewPoint();
  const start = useProgramStart();
  const [scenario, setScenario] = useState('base');
  const inputs = useApi<SubjectState[]>(
    `/api/subjects?kind=plan-scenario,target-path&knownAt=${view.knownAt}&asOf=${view.asOf}`,
  );
  const scenarios = (inputs.data ?? []).filter((x) => x.kind === 'plan-scenario');
  const targetPaths = (inputs.data ?? []).filter((x) => x.kind === 'target-path').map((x) => x.id);
  return (
    <>
      <h1>
        Plan <span className="muted">what it would take to keep the pledges</span>
      </h1>
      <ViewControls view={view} min={start} />
      <p>
        <label htmlFor="plan-scenario">Scenario</label>{' '}
        <select id="plan-scenario" value={scenario} onChange={(e) => setScenario(e.target.value)}>
          <option value="base">Base case</option>
          {scenarios.map((s) => (
            <option key={s.id} value={s.id}>
              {String(s.fields.title?.value ?? s.id)}
            </option>
          ))}
        </select>
      </p>
      <StoredRuns<StoredPlanRunSummary, PlanRun>
        kind="plan"
        listPath="/api/plan-runs"
        label={`Plan as of ${formatDay(view.asOf)}`}
        params={{ asOf: view.asOf, knownAt: view.knownAt, policy: view.policy, scenario }}
        describe={(r) => `${r.scenario}, as of ${r.asOf}, ${r.status}`}
      >
        {(run) => <PlanView run={run} targetPaths={targetPaths} />}
      </StoredRuns>
    </>
  );
}
