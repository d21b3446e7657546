import type { DecisionEntry, DecisionRegister } from '../governance/decision-register.js';
import { describeRule } from '../governance/rule-text.js';
import { formatAmount, formatBasis } from './format-status.js';
import { textTable } from './text-table.js';

const STANCE_MARK = {
  for: 'for',
  against: 'AGAINST',
  abstain: 'abstains',
  undeclared: '?',
} as const;

function positionsCell(d: DecisionEntry): string {
  return d.positions
    .filter((p) => p.stance !== 'undeclared' || d.rule?.voters !== 'leads')
    .map((p) => `${p.party} ${STANCE_MARK[p.stance]}${p.assumption ? '(A)' : ''}`)
    .join(', ');
}

function stateCell(d: DecisionEntry): string {
  if (d.status !== 'open') return `${d.status} ${d.resolved ?? ''}`.trim();
  return d.outcome ? d.outcome.state.toUpperCase() : 'open';
}

function blocksCell(d: DecisionEntry): string {
  if (d.blocks.length === 0) return '–';
  const parts = [d.blocks.map((b) => b.id).join(', ')];
  if (d.blockedMw > 0) parts.push(formatAmount(d.blockedMw, 'capacity_mw'));
  if (d.blockedCapitalUsd > 0) parts.push(formatAmount(d.blockedCapitalUsd, 'capital_usd'));
  return parts.join(' · ');
}

/** The decision register as a readable report: a table, then why each open one stands where it does. */
export function formatDecisions(register: DecisionRegister): string {
  const lines: string[] = [];
  lines.push(
    `${register.program} decisions — as of ${register.asOf}, as known at ${register.knownAt}`,
  );
  const c = register.charter;
  if (register.ruleOverride)
    lines.push(`rule: ${describeRule(register.ruleOverride)} for every decision (what-if, --rule)`);
  else if (c)
    lines.push(
      `charter: ${c.id} (adopted ${c.adopted}; ${formatBasis(c.basis)}) — ` +
        c.classes
          .map(
            (k) =>
              `${k.id}: ${describeRule(k.rule)}${k.veto?.length ? `, veto ${k.veto.join('/')}` : ''}`,
          )
          .join('; '),
    );
  else lines.push('charter: none recorded, so no decision has a rule');
  const members = register.members
    .map((m) => {
      const parts = [
        m.lead ? 'lead' : '',
        m.equity !== undefined ? `${(m.equity * 100).toFixed(1)}% equity` : '',
        m.seats !== undefined ? `${m.seats} seat(s)` : '',
      ]
        .filter(Boolean)
        .join(', ');
      return parts ? `${m.party} (${parts})` : m.party;
    })
    .join(', ');
  lines.push(`members: ${members}`);
  lines.push('');
  if (register.decisions.length === 0) {
    lines.push('No decisions recorded.');
    return lines.join('\n');
  }
  lines.push(
    textTable({
      head: ['decision', 'state', 'age', 'idle', 'rule', 'positions', 'blocks', 'basis'],
      rows: register.decisions.map((d) => [
        d.id,
        stateCell(d),
        `${d.ageDays} d`,
        d.status === 'open' ? `${d.idleDays} d` : '–',
        d.rule ? describeRule(d.rule) : '–',
        positionsCell(d),
        blocksCell(d),
        formatBasis(d.basis),
      ]),
      right: [2, 3],
    }),
  );
  lines.push('');
  for (const d of register.decisions.filter((x) => x.outcome)) {
    lines.push(`  ${d.id}: ${d.outcome?.reason ?? ''} — ${d.question}`);
  }
  const s = register.summary;
  lines.push('');
  lines.push(
    `open ${s.open} (deadlocked ${s.deadlocked}) · resolved ${s.resolved}` +
      ` · median latency ${s.medianLatencyDays === null ? '– (none resolved)' : `${s.medianLatencyDays} d`}` +
      ` · blocked ${formatAmount(s.blockedMw, 'capacity_mw')}, ${formatAmount(s.blockedCapitalUsd, 'capital_usd')} (${register.policy} policy)`,
  );
  lines.push(
    '(A) a modelled position, not stated by the source; basis: A = rests on an assumption.',
  );
  return lines.join('\n');
}
