import { useState } from 'react';
import type { RiskRun } from '../../../src/risk/risk-run.js';
import type { PledgeRisk } from '../../../src/risk/summarize.js';
import type { StoredRiskRunSummary } from '../../../src/store/risk-run-store.js';
import { EvidenceButton, SubjectLink, type Evidence } from '../components/evidence.js';
import { StoredRuns } from '../components/stored-runs.js';
import { ViewControls } from '../components/view-controls.js';
import { formatDay, formatMetric, formatMw, formatPercent } from '../format.js';
import { useProgramStart } from '../program-start.js';
import { useViewPoint } from '../view-point.js';

const POLICY_CLASS: Record<string, string> = { venture: 'venture', claimed: 'claimed' };

/** MW online by quarter: the 10–90% band and the median per policy, with the capacity pledges. */
function FanChart(props: { run: RiskRun }) {
  const { fan, pledges } = props.run.summary;
  const capacity = pledges.filter((p) => p.metric === 'capacity_mw');
  const targets = [...new Map(capacity.map((p) => [p.pledge, p])).values()];
  const policies = [...new Set(fan.flatMap((q) => Object.keys(q.byPolicy)))];
  const max = Math.max(
    1,
    ...fan.flatMap((q) => Object.values(q.byPolicy).map((v) => v.p90)),
    ...targets.map((t) => t.target),
  );
  const w = 640;
  const h = 240;
  const x = (i: number) => (i / Math.max(1, fan.length - 1)) * (w - 20) + 10;
  const y = (mw: number) => h - (mw / max) * (h - 12);
  const at = (day: string) => {
    const i = fan.findIndex((q) => q.end >= day);
    return x(i < 0 ? fan.length - 1 : i);
  };
  const years = fan.filter((q) => q.end.endsWith('-12-31'));
  const text = policies
    .map((policy) => {
      const last = fan.at(-1)?.byPolicy[policy];
      const byDeadline = targets.map((t) => {
        const q = fan.find((f) => f.end >= t.deadline)?.byPolicy[policy];
        return q
          ? `by ${t.deadline} median ${formatMw(q.p50)} (10–90%: ${formatMw(q.p10)}–${formatMw(q.p90)}) against ${formatMw(t.target)}`
          : '';
      });
      return `${policy}: ${byDeadline.join('; ')}${last ? `; by ${fan.at(-1)?.end} median ${formatMw(last.p50)}` : ''}`;
    })
    .join('. ');
  return (
    <section className="card" aria-labelledby="fan-title">
      <h2 id="fan-title">MW online by quarter</h2>
      <svg
        viewBox={`0 0 ${w} ${h + 20}`}
        role="img"
        aria-label={`Fan chart of MW online by quarter. ${text}.`}
        className="chart"
        data-testid="fan-chart"
      >
        {policies.map((policy) => {
          const upper = fan.map((q, i) => `${x(i)},${y(q.byPolicy[policy]?.p90 ?? 0)}`);
          const lower = fan.map((q, i) => `${x(i)},${y(q.byPolicy[policy]?.p10 ?? 0)}`).reverse();
          return (
            <g key={policy} className={`fan ${POLICY_CLASS[policy] ?? ''}`}>
              <polygon className="band" points={[...upper, ...lower].join(' ')} />
              <polyline
                className="median"
                fill="none"
                points={fan.map((q, i) => `${x(i)},${y(q.byPolicy[policy]?.p50 ?? 0)}`).join(' ')}
              />
            </g>
          );
        })}
        {targets.map((t) => (
          <g key={t.pledge} className="pledge-line">
            <line x1={10} x2={w - 10} y1={y(t.target)} y2={y(t.target)} />
            <line x1={at(t.deadline)} x2={at(t.deadline)} y1={0} y2={h} />
            <text x={12} y={y(t.target) - 4} className="axis">
              {t.pledge}: {formatMw(t.target)} by {t.deadline.slice(0, 4)}
            </text>
          </g>
        ))}
        {years.map((q) => (
          <text key={q.end} x={x(fan.indexOf(q))} y={h + 15} textAnchor="middle" className="axis">
            {q.end.slice(0, 4)}
          </text>
        ))}
      </svg>
      <p className="legend">
        {policies.map((p) => (
          <span key={p}>
            <span className={`swatch ${POLICY_CLASS[p] ?? ''}`} aria-hidden="true" /> {p}: median
            and 10–90% band
          </span>
        ))}
        <span>
          <span className="swatch target" aria-hidden="true" /> pledge and deadline
        </span>
      </p>
    </section>
  );
}

/**
 * The ledger subject behind a pipeline item: a facility or contract (`id`, or `id#2` for the second
 * campus of a contract's unplaced capacity), or a plan's build or lease (`plan-3:candidate:2028`).
 */
function subjectOf(itemId: string): string {
  if (itemId.startsWith('plan-')) return itemId.split(':')[1] ?? itemId;
  return itemId.split('#')[0] ?? itemId;
}

/** A pledge's odds rest on the pledge and on every piece of the pipeline that counts for it. */
function evidenceOf(run: RiskRun, p: PledgeRisk, what: string): Evidence {
  const pieces = run.summary.facilities.filter((f) => f.policies.includes(p.policy));
  return {
    title: `${p.pledge} (${p.policy}): ${what}`,
    subjects: [p.pledge, ...new Set(pieces.map((f) => subjectOf(f.id)))],
    records: [],
    note: `Simulated from these subjects as of ${run.asOf}, known at ${run.knownAt}, with the reference data ${run.reference.file}.`,
  };
}

function PledgeOdds(props: { run: RiskRun }) {
  const { pledges, skipped } = props.run.summary;
  return (
    <section className="card" aria-labelledby="odds-title">
      <h2 id="odds-title">How likely each pledge is</h2>
      <table aria-label="P(met) per pledge and policy" data-testid="pledge-odds">
        <thead>
          <tr>
            <th scope="col">Pledge</th>
            <th scope="col">Policy</th>
            <th scope="col">Target</th>
            <th scope="col">Pipeline could reach</th>
            <th scope="col">P(met by deadline)</th>
            <th scope="col">Median date met</th>
          </tr>
        </thead>
        <tbody>
          {pledges.map((p) => (
            <tr key={`${p.pledge}-${p.policy}`} data-testid={`odds-${p.pledge}-${p.policy}`}>
              <th scope="row">
                <SubjectLink id={p.pledge} />
              </th>
              <td>{p.policy}</td>
              <td>
                {formatMetric(p.metric, p.target)} by {formatDay(p.deadline)}
              </td>
              <td className={p.attainable < p.target ? 'bad' : ''}>
                <EvidenceButton evidence={evidenceOf(props.run, p, 'could reach')}>
                  {formatMetric(p.metric, p.attainable)}
                </EvidenceButton>
              </td>
              <td className="pmet">
                <EvidenceButton evidence={evidenceOf(props.run, p, 'P(met)')}>
                  {formatPercent(p.pMet)}
                </EvidenceButton>
              </td>
              <td>{p.met.p50 ? formatDay(p.met.p50) : 'not within the horizon'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {skipped.length > 0 ? (
        <p className="muted">
          Not simulated: {skipped.map((s) => `${s.pledge} (${s.reason})`).join('; ')}.
        </p>
      ) : null}
    </section>
  );
}

/** What moves the odds most: each driver at its low and high end, the rest as they are. */
function TornadoChart(props: { run: RiskRun }) {
  const [index, setIndex] = useState(0);
  const { tornado } = props.run;
  const t = tornado[index] ?? tornado[0];
  if (!t)
    return (
      <section className="card">
        <h2>Sensitivity</h2>
        <p className="muted">
          No sensitivity in this run: no pledge can be reached from the pipeline at all, or the run
          asked for none.
        </p>
      </section>
    );
  const bars = t.bars.slice(0, 8);
  const w = 420;
  const row = 22;
  // When no driver moves P(met) (a deadline already past, say), the median date met is what moves.
  const byDate = bars.every((b) => b.swing === 0) && t.base.p50 !== null;
  const shift = (day: string | null) =>
    day === null || t.base.p50 === null
      ? 0
      : Math.round((Date.parse(day) - Date.parse(t.base.p50)) / 86_400_000);
  const ends = bars.map((b) =>
    byDate ? [shift(b.low.p50), shift(b.high.p50)] : [b.low.pMet, b.high.pMet],
  );
  const reach = Math.max(1, ...ends.flat().map(Math.abs));
  const px = byDate
    ? (d: number) => 150 + ((d + reach) / (2 * reach)) * (w - 190)
    : (p: number) => 150 + p * (w - 190);
  const base = byDate ? 0 : t.base.pMet;
  const describeEnd = (end: { value: number; pMet: number; p50: string | null }) =>
    byDate
      ? `median met ${end.p50 ?? 'beyond the horizon'} at ${end.value}`
      : `${formatPercent(end.pMet)} at ${end.value}`;
  const text = bars
    .map((b) => `${b.driver}: ${describeEnd(b.low)}, ${describeEnd(b.high)}`)
    .join('; ');
  return (
    <section className="card" aria-labelledby="tornado-title">
      <h2 id="tornado-title">What moves the odds</h2>
      {tornado.length > 1 ? (
        <p>
          <label htmlFor="tornado-pledge">Pledge</label>{' '}
          <select
            id="tornado-pledge"
            value={index}
            onChange={(e) => setIndex(Number(e.target.value))}
          >
            {tornado.map((x, i) => (
              <option key={`${x.pledge}-${x.policy}`} value={i}>
                {x.pledge} ({x.policy})
              </option>
            ))}
          </select>
        </p>
      ) : null}
      <p className="muted">
        {t.pledge} ({t.policy}): P(met) {formatPercent(t.base.pMet)} as it stands
        {t.base.p50 ? `, median date met ${formatDay(t.base.p50)}` : ''}.{' '}
        {byDate
          ? 'No driver moves P(met), so the bars show how far each moves the median date met (days).'
          : 'Bars span P(met) at each driver’s low and high end.'}{' '}
        {t.trials.toLocaleString('en-US')} trials per end.
      </p>
      <svg
        viewBox={`0 0 ${w} ${bars.length * row + 8}`}
        role="img"
        aria-label={`Tornado chart for ${t.pledge} (${t.policy}). ${text}.`}
        className="chart tornado"
        data-testid="tornado-chart"
      >
        {bars.map((b, i) => {
          const [a = 0, c = 0] = ends[i] ?? [];
          const lo = Math.min(a, c);
          const hi = Math.max(a, c);
          return (
            <g key={b.driver}>
              <text x={145} y={i * row + 15} textAnchor="end" className="axis">
                {b.driver}
              </text>
              <rect
                x={px(lo)}
                width={Math.max(1, px(hi) - px(lo))}
                y={i * row + 4}
                height={row - 8}
                className="bar swing"
              />
              <text x={px(hi) + 4} y={i * row + 15} className="axis">
                {byDate
                  ? `${lo > 0 ? '+' : ''}${lo}…${hi > 0 ? '+' : ''}${hi} d`
                  : `${formatPercent(lo)}–${formatPercent(hi)}`}
              </text>
            </g>
          );
        })}
        <line x1={px(base)} x2={px(base)} y1={0} y2={bars.length * row + 8} className="base-line" />
      </svg>
    </section>
  );
}

function Facilities(props: { run: RiskRun }) {
  return (
    <section className="card" aria-labelledby="facilities-title">
      <h2 id="facilities-title">When each piece comes online</h2>
      <table aria-label="Online dates per facility">
        <thead>
          <tr>
            <th scope="col">Facility or contract</th>
            <th scope="col">Now</th>
            <th scope="col">MW</th>
            <th scope="col">Online: 10% / median / 90%</th>
            <th scope="col">Within the horizon</th>
          </tr>
        </thead>
        <tbody>
          {props.run.summary.facilities.map((f) => (
            <tr key={f.id}>
              <th scope="row">
                <SubjectLink id={subjectOf(f.id)}>{f.label || f.id}</SubjectLink>
              </th>
              <td>{f.status}</td>
              <td>{f.mwUnknown ? 'not known' : formatMw(f.mw)}</td>
              <td>
                {[f.online.p10, f.online.p50, f.online.p90]
                  .map((d) => (d ? formatDay(d) : 'beyond'))
                  .join(' / ')}
              </td>
              <td>{formatPercent(f.online.pWithinHorizon)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function RiskView(props: { run: RiskRun }) {
  const { run } = props;
  return (
    <div className="risk" data-testid="risk-view">
      <p className="summary" data-testid="risk-summary">
        Risk run #{run.id} · as of {formatDay(run.asOf)}, known at {formatDay(run.knownAt)} ·{' '}
        {run.trials.toLocaleString('en-US')} trials, seed {run.seed} ·{' '}
        {run.plan === null ? 'the pipeline as it stands' : `with plan #${run.plan}`}
        {run.settings.length > 0
          ? ` · what-if: ${run.settings.map((s) => `${s.key}=${s.value}`).join(', ')}`
          : ''}{' '}
        · {run.seconds.toFixed(1)} s
      </p>
      <PledgeOdds run={run} />
      <FanChart run={run} />
      <div className="cards two">
        <TornadoChart run={run} />
        <Facilities run={run} />
      </div>
    </div>
  );
}

/** Risk: how likely the pledges are, from the Monte Carlo model; stored runs and a button to run. */
export default function RiskPage() {
  const view = useViewPoint();
  const start = useProgramStart();
  const [trials, setTrials] = useState(20000);
  return (
    <>
      <h1>
        Risk <span className="muted">how likely each pledge is, from the pipeline</span>
      </h1>
      <ViewControls view={view} min={start} />
      <p>
        <label htmlFor="risk-trials">Trials</label>{' '}
        <select id="risk-trials" value={trials} onChange={(e) => setTrials(Number(e.target.value))}>
          {[2000, 20000, 100000].map((n) => (
            <option key={n} value={n}>
              {n.toLocaleString('en-US')}
            </option>
          ))}
        </select>
      </p>
      <StoredRuns<StoredRiskRunSummary, RiskRun>
        kind="risk"
        listPath="/api/risk-runs"
        label={`Simulate as of ${formatDay(view.asOf)}`}
        params={{
          asOf: view.asOf,
          knownAt: view.knownAt,
          trials,
          tornadoTrials: Math.min(5000, trials),
        }}
        describe={(r) => `as of ${r.asOf}, known at ${r.knownAt}, ${r.trials} trials`}
      >
        {(run) => <RiskView run={run} />}
      </StoredRuns>
    </>
  );
}
