import type { RiskRun } from '../risk/risk-run.js';
import { formatAmount } from './format-status.js';
import { textTable } from './text-table.js';

function pct(p: number): string {
  if (p === 0) return '0%';
  if (p < 0.001) return '<0.1%';
  return `${(p * 100).toFixed(1)}%`;
}

const unitOf = (metric: string) => (metric === 'capacity_mw' ? 'capacity_mw' : metric);

/** A risk run as a readable report. */
export function formatRisk(run: RiskRun): string {
  const lines: string[] = [];
  lines.push(
    `${run.program} risk — as of ${run.asOf}, as known at ${run.knownAt}; ${run.trials.toLocaleString('en-US')} trials, seed ${run.seed}` +
      `${run.plan === null ? '' : `, with plan run ${run.plan}`}${run.id === null ? '' : ` (stored as run ${run.id})`}`,
  );
  lines.push(
    `inputs ${run.inputsHash.slice(0, 12)}… · result ${run.resultHash.slice(0, 12)}… · ${run.seconds} s on ${run.workers} worker(s)`,
  );
  if (run.settings.length > 0)
    lines.push(`what-if: ${run.settings.map((s) => `${s.key}=${s.value}`).join(', ')}`);
  lines.push('', 'Pledges');
  lines.push(
    textTable({
      head: [
        'pledge',
        'policy',
        'target',
        'pipeline could reach',
        'P(met by deadline)',
        'P10 / P50 / P90 date met',
      ],
      rows: run.summary.pledges.map((p) => [
        p.pledge,
        p.policy,
        `${formatAmount(p.target, unitOf(p.metric))} by ${p.deadline}`,
        formatAmount(p.attainable, unitOf(p.metric)),
        pct(p.pMet),
        p.attainable < p.target
          ? 'never: the pipeline falls short'
          : [p.met.p10, p.met.p50, p.met.p90]
              .map((d) => d ?? `after ${run.summary.fan.at(-1)?.end.slice(0, 4) ?? 'horizon'}`)
              .join(' / '),
      ]),
      right: [4],
    }),
  );
  for (const s of run.summary.skipped) lines.push(`  ${s.pledge}: not simulated — ${s.reason}`);

  lines.push('', 'Pipeline');
  lines.push(
    textTable({
      head: ['item', 'MW', 'status', 'stages left', 'P50 / P90 online', 'counts under', 'decides'],
      rows: run.summary.facilities.map((f) => [
        f.id,
        f.mwUnknown ? '?' : formatAmount(f.mw, 'capacity_mw'),
        f.status,
        String(f.remaining.length),
        `${f.online.p50 ?? 'beyond horizon'} / ${f.online.p90 ?? 'beyond horizon'}`,
        f.policies.join('+'),
        Object.entries(f.criticality)
          .map(([k, v]) => `${k} ${pct(v)}`)
          .join(', ') || '–',
      ]),
      right: [1, 3],
    }),
  );
  if (run.summary.gates.length > 0) {
    lines.push('', 'Governance gate (venture capacity waits for every open decision)');
    for (const g of run.summary.gates)
      lines.push(
        `  ${g.decision}: ${g.state}, ${g.ageDays} d old → ${g.resolves ? `resolves ${g.resolves} (what-if)` : `median ${Math.round(g.medianDays)} d more`}`,
      );
  }
  for (const t of run.tornado) {
    lines.push(
      '',
      `Sensitivity of ${t.pledge} (${t.policy}); ${t.trials.toLocaleString('en-US')} trials per end; base P(met) ${pct(t.base.pMet)}, P50 ${t.base.p50 ?? 'beyond horizon'}`,
    );
    lines.push(
      textTable({
        head: ['driver', 'low → high', 'P(met)', 'P50 date', 'P50 shift'],
        rows: t.bars
          .slice(0, 6)
          .map((b) => [
            b.driver,
            `${b.low.value} → ${b.high.value}`,
            `${pct(b.low.pMet)} → ${pct(b.high.pMet)}`,
            `${b.low.p50 ?? '–'} → ${b.high.p50 ?? '–'}`,
            b.p50ShiftDays === null ? '–' : `${b.p50ShiftDays > 0 ? '+' : ''}${b.p50ShiftDays} d`,
          ]),
        right: [4],
      }),
    );
  }
  return lines.join('\n');
}
