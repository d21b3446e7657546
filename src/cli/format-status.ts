import type { StatusView } from '../app/ledger-status.js';
import type { Basis } from '../metrics/basis.js';
import type { StageFigure } from '../metrics/stage-figures.js';
import type { PledgeProgress } from '../metrics/pledge-progress.js';
import { textTable } from './text-table.js';

const POLICY_WORDS = {
  venture: 'only what the venture itself is party to',
  claimed: "also members' own contracts claimed for the program",
} as const;

export function formatAmount(value: number, metric: string): string {
  if (metric === 'capital_usd') {
    if (value >= 1e9)
      return `$${(value / 1e9).toLocaleString('en-US', { maximumFractionDigits: 1 })}B`;
    if (value >= 1e6)
      return `$${(value / 1e6).toLocaleString('en-US', { maximumFractionDigits: 1 })}M`;
    return `$${value.toLocaleString('en-US')}`;
  }
  const unit = metric === 'capacity_mw' ? ' MW' : '';
  return `${value.toLocaleString('en-US', { maximumFractionDigits: 1 })}${unit}`;
}

/** `A` marks an assumption; then the weakest confidence and the kinds of source. */
export function formatBasis(basis: Basis): string {
  if (basis.sources.length === 0) return '–';
  return [basis.assumption ? 'A' : '', basis.confidence, basis.sourceKinds.join('+')]
    .filter(Boolean)
    .join(' ');
}

function stageCell(figure: StageFigure | undefined, metric: string): string {
  if (!figure) return '';
  return `${formatAmount(figure.value, metric)}${figure.unknown > 0 ? ` +${figure.unknown}?` : ''}`;
}

function paceCell(p: PledgeProgress): string {
  const soFar = p.pace.soFarPerYear === null ? '–' : formatAmount(p.pace.soFarPerYear, p.metric);
  const needed =
    p.pace.neededPerYear === null
      ? 'deadline passed'
      : formatAmount(p.pace.neededPerYear, p.metric);
  return `${needed} vs ${soFar}`;
}

function pledgeRows(view: StatusView): string[][] {
  return view.pledges.map((p) => {
    const counted =
      p.stages[p.countsAt === 'under-construction' ? 'underConstruction' : p.countsAt];
    return [
      p.id + (p.status === 'active' ? '' : ' *'),
      `${formatAmount(p.target, p.metric)} by ${p.deadline.text}`,
      `${formatAmount(p.achieved, p.metric)} ${p.countsAt}`,
      `${(p.ratio * 100).toFixed(1)}%`,
      paceCell(p),
      p.stalled ? `yes, ${p.daysWithoutProgress} d` : 'no',
      formatBasis(p.basis),
      counted ? formatBasis(counted.basis) : '–',
    ];
  });
}

/** The human status report: pledges, the funnel under both policies, decisions and observations. */
export function formatStatus(views: readonly StatusView[]): string {
  const [main] = views;
  if (!main) return '';
  const out: string[] = [];
  out.push(`${main.program.name} — as of ${main.asOf}, as known at ${main.knownAt}`);
  out.push(`policy: ${main.policy} (${POLICY_WORDS[main.policy]})`);
  out.push(
    `ledger: ${main.ledger.records} records, ${main.ledger.subjects} subjects, head ${main.ledger.head.slice(0, 12)}…`,
  );
  out.push('');
  out.push('Pledges');
  out.push(
    textTable({
      head: [
        'pledge',
        'target',
        'achieved',
        'ratio',
        'pace needed/yr vs so far',
        'stalled',
        'pledge basis',
        'figure basis',
      ],
      rows: pledgeRows(main),
      right: [3],
    }),
  );
  for (const p of main.pledges.filter((x) => x.status !== 'active')) {
    out.push(
      `  * ${p.id}: ${p.status}${p.revisedBy.length > 0 ? ` by ${p.revisedBy.join(', ')}` : ''}`,
    );
  }
  out.push('');
  for (const p of main.pledges) {
    const stages = Object.entries(p.stages)
      .map(([k, f]) => `${k} ${stageCell(f, p.metric)}`)
      .join(' · ');
    out.push(`  ${p.id}: ${stages}`);
  }
  out.push('');
  out.push('Capacity funnel (MW)');
  const stages = ['announced', 'contracted', 'underConstruction', 'operational'];
  out.push(
    textTable({
      head: ['stage', ...views.map((v) => v.policy), 'basis', 'records'],
      rows: stages.map((stage) => {
        const figures = views.map((v) => v.capacityFunnel[stage]);
        const widest = figures[figures.length - 1];
        return [
          stage,
          ...figures.map((f) => stageCell(f, 'capacity_mw')),
          widest ? formatBasis(widest.basis) : '–',
          widest?.records?.join(',') ?? '',
        ];
      }),
      right: views.map((_, i) => i + 1),
    }),
  );
  if (main.openDecisions.length > 0) {
    out.push('');
    out.push('Open decisions');
    out.push(
      textTable({
        head: ['decision', 'topic', 'opened', 'age', 'question'],
        rows: main.openDecisions.map((d) => [
          d.id,
          d.topic,
          d.opened,
          `${d.ageDays} d`,
          d.question,
        ]),
        right: [3],
      }),
    );
  }
  if (main.observations.length > 0) {
    out.push('');
    out.push('Observations');
    for (const o of main.observations) {
      const words = o.statement
        ? ` — "${o.statement.original}"${o.statement.rendering ? ` (${o.statement.rendering})` : ''}`
        : '';
      out.push(
        `  ${o.at}  ${o.metric} = ${o.value}${words}  [${o.source}, ${o.sourceKind ?? 'unknown source'}, record ${o.record}]`,
      );
    }
  }
  out.push('');
  out.push(
    'Basis: A = rests on an assumption; then the weakest confidence and the kinds of source.',
  );
  out.push(
    '"+N?" = N counted items of unknown size. Every figure lists its records in --json; see `stargate history ID`.',
  );
  return out.join('\n');
}
