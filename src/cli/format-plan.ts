import type { PlanRun } from '../planner/plan-run.js';
import { textTable } from './text-table.js';

const mw = (v: number) => Math.round(v).toLocaleString('en-US');
export function usd(v: number | null): string {
  if (v === null) return '–';
  const abs = Math.abs(v);
  if (abs >= 1e9) return `$${(v / 1e9).toLocaleString('en-US', { maximumFractionDigits: 1 })}B`;
  if (abs >= 1e6) return `$${(v / 1e6).toLocaleString('en-US', { maximumFractionDigits: 0 })}M`;
  return `$${Math.round(v).toLocaleString('en-US')}`;
}
const pct = (v: number | null) => (v === null ? '–' : `${(v * 100).toFixed(2)}%`);

/** Hand-over time is part of the solve time; runs stored before it was recorded have none. */
const handOver = (seconds: number | null | undefined) =>
  seconds === null || seconds === undefined ? '' : `, hand-over ${(seconds * 1000).toFixed(0)} ms`;

export function solverLine(run: PlanRun): string {
  const s = run.solver;
  return (
    `solver: ${s.name} ${s.version} · ${s.status} (${s.solverStatus}) · gap ${pct(s.gap)} · ` +
    `${s.seconds.toFixed(2)} s (model build ${s.modelBuildMs.toFixed(0)} ms${handOver(s.handOverSeconds)}) · ` +
    `${s.variables} variables (${s.integerVariables} integer), ${s.constraints} constraints · ` +
    `time limit ${s.options.timeLimitSeconds} s, gap ${s.options.mipRelGap}, seed ${s.options.seed}, threads ${s.options.threads}`
  );
}

/** The readable summary of one plan run. */
export function formatPlan(run: PlanRun): string {
  const out: string[] = [];
  out.push(
    `${run.program} build-out plan — ${run.scenarioTitle} (${run.scenario}); as of ${run.asOf}, as known at ${run.knownAt}; policy ${run.policy}`,
  );
  if (run.overlay.length > 0)
    out.push(
      `overlay: ${run.overlay.map((o) => `${o.key}=${String(o.value)} (${o.from})`).join(', ')}`,
    );
  out.push(solverLine(run));
  out.push(
    `inputs hash ${run.inputsHash.slice(0, 16)}…${run.id === null ? '' : ` · stored as run ${run.id}`}`,
  );
  for (const gate of run.gates)
    out.push(
      `gate: ${gate.candidates.length} candidate(s) wait on "${gate.id}", assumed resolved ${gate.resolves} (${gate.basis === 'default' ? 'as-of + its age' : 'overlay'}): nothing energised there before ${gate.earliestYear}`,
    );
  for (const e of run.existing)
    out.push(`existing: ${e.subject} ${mw(e.mw)} MW from ${e.fromYear}`);
  const plan = run.plan;
  if (!plan) {
    out.push('', `No plan: the solver ended "${run.solver.solverStatus}" without a solution.`);
    return out.join('\n');
  }
  out.push('', 'Capacity (MW, online by the end of each year)');
  const row = (
    label: string,
    pick: (c: NonNullable<PlanRun['plan']>['capacity'][number]) => number,
  ) => [label, ...plan.capacity.map((c) => mw(pick(c)))];
  out.push(
    textTable({
      head: ['', ...run.years.map(String)],
      rows: [
        row('target', (c) => c.targetMw),
        row('existing', (c) => c.existingMw),
        row('built', (c) => c.builtMw),
        row('leased', (c) => c.leasedMw),
        row('total', (c) => c.totalMw),
        row('shortfall', (c) => c.shortfallMw),
      ],
      right: run.years.map((_, i) => i + 1),
    }),
  );
  out.push('', `Builds (${plan.sitesOpened.length} site(s) opened)`);
  out.push(
    plan.builds.length === 0
      ? '  none'
      : textTable({
          head: ['candidate', 'region', 'year', 'blocks', 'MW'],
          rows: plan.builds.map((b) => [
            b.candidate,
            b.region,
            String(b.year),
            String(b.blocks),
            mw(b.mw),
          ]),
          right: [2, 3, 4],
        }),
  );
  out.push('', 'Leases');
  out.push(
    plan.leases.length === 0
      ? '  none'
      : textTable({
          head: ['offer', 'provider', 'year', 'MW', 'cost'],
          rows: plan.leases.map((l) => [l.offer, l.provider, String(l.year), mw(l.mw), usd(l.usd)]),
          right: [2, 3, 4],
        }),
  );
  const members = [...new Set(plan.spend.flatMap((s) => Object.keys(s.byMember)))].sort();
  out.push('', 'Spend by year (undiscounted) and the capital drawn from each member');
  out.push(
    textTable({
      head: ['year', 'capex', 'opening', 'leases', 'power', ...members],
      rows: plan.spend.map((s) => [
        String(s.year),
        usd(s.capexUsd),
        usd(s.openingUsd),
        usd(s.leaseUsd),
        usd(s.powerUsd),
        ...members.map((m) => usd(s.byMember[m] ?? 0)),
      ]),
      right: [1, 2, 3, 4, ...members.map((_, i) => i + 5)],
    }),
  );
  const c = plan.cost;
  out.push(
    '',
    `Cost, discounted: ${usd(c.totalUsd)} = capex ${usd(c.capexUsd)} + opening ${usd(c.openingUsd)} + power ${usd(c.powerUsd)} + leases ${usd(c.leaseUsd)} + shortfall penalty ${usd(c.penaltyUsd)}`,
  );
  out.push(
    `Shortfall: ${mw(plan.shortfall.mwYears)} MW-years in all; ${mw(plan.shortfall.lastYearMw)} MW short in ${run.years[run.years.length - 1]}`,
  );
  if (plan.greedy)
    out.push(
      `Greedy heuristic (cheapest block first): ${usd(plan.greedy.costUsd)}, ${mw(plan.greedy.shortfallMwYears)} MW-years short — the plan is ${(100 * (1 - c.totalUsd / plan.greedy.costUsd)).toFixed(1)}% cheaper`,
    );
  out.push(
    plan.check.ok
      ? 'Check: the plan satisfies every constraint when re-evaluated independently of the solver.'
      : `Check FAILED: ${plan.check.violations.join('; ')}`,
  );
  if (run.binding) {
    out.push('', `Binding limits — ${run.binding.relaxation}`);
    const ranked = run.binding.limits.filter(
      (l) => l.objectiveGainUsd > 0 || l.shortfallReductionMwYears > 0,
    );
    out.push(
      ranked.length === 0
        ? '  none: relaxing any one limit does not improve the plan'
        : textTable({
            head: ['limit', 'relaxed', 'objective gain', 'shortfall removed (MW-years)'],
            rows: ranked.map((l) => [
              l.limit,
              l.label,
              usd(l.objectiveGainUsd),
              mw(l.shortfallReductionMwYears),
            ]),
            right: [2, 3],
          }),
    );
  }
  return out.join('\n');
}

/** Two runs side by side. */
export function formatPlanComparison(a: PlanRun, b: PlanRun): string {
  const name = (r: PlanRun) => (r.id === null ? r.scenario : `#${r.id} ${r.scenario}`);
  const rows: string[][] = [
    ['as of / known at', `${a.asOf} / ${a.knownAt}`, `${b.asOf} / ${b.knownAt}`],
    ['status', a.solver.status, b.solver.status],
    ['inputs hash', a.inputsHash.slice(0, 12), b.inputsHash.slice(0, 12)],
    ['objective', usd(a.solver.objectiveUsd), usd(b.solver.objectiveUsd)],
    [
      'shortfall (MW-years)',
      mw(a.plan?.shortfall.mwYears ?? NaN),
      mw(b.plan?.shortfall.mwYears ?? NaN),
    ],
  ];
  const years = [...new Set([...a.years, ...b.years])].sort();
  for (const year of years) {
    const cell = (r: PlanRun) => {
      const c = r.plan?.capacity.find((x) => x.year === year);
      return c ? `${mw(c.totalMw)} (−${mw(c.shortfallMw)})` : '–';
    };
    rows.push([`MW ${year} (short)`, cell(a), cell(b)]);
  }
  for (const key of ['capexUsd', 'openingUsd', 'powerUsd', 'leaseUsd', 'penaltyUsd'] as const)
    rows.push([
      `cost: ${key.replace('Usd', '')}`,
      usd(a.plan?.cost[key] ?? null),
      usd(b.plan?.cost[key] ?? null),
    ]);
  const members = [
    ...new Set(
      [a, b].flatMap((r) => (r.plan?.spend ?? []).flatMap((s) => Object.keys(s.byMember))),
    ),
  ].sort();
  const drawn = (r: PlanRun, m: string) =>
    (r.plan?.spend ?? []).reduce((sum, s) => sum + (s.byMember[m] ?? 0), 0);
  for (const m of members) rows.push([`capital drawn: ${m}`, usd(drawn(a, m)), usd(drawn(b, m))]);
  const top = (r: PlanRun) => r.binding?.limits.find((l) => l.objectiveGainUsd > 0)?.limit ?? '–';
  rows.push(['most binding limit', top(a), top(b)]);
  return textTable({ head: ['', name(a), name(b)], rows, right: [] });
}
