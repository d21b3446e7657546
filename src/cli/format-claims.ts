import type { ClaimsView } from '../app/ledger-claims.js';
import type { Knowledge, Review } from '../claims/claim-review.js';
import type { AttributionPolicy } from '../metrics/attribution.js';
import { formatAmount } from './format-status.js';
import { textTable } from './text-table.js';

function verdictOf(
  reviews: readonly Review[],
  knowledge: Knowledge,
  policy: AttributionPolicy,
): string {
  return (
    reviews.find((r) => r.knowledge === knowledge && r.policy === policy)?.reviewRating
      .alternateName ?? '–'
  );
}

/** Claims with their quotes and verdicts, then each party's say–do record. */
export function formatClaims(view: ClaimsView): string {
  const lines: string[] = [
    `${view.program} claims — reviewed on the day they were made and as known at ${view.now}`,
    '',
  ];
  if (view.claims.length === 0) {
    lines.push('No claims recorded.');
    return lines.join('\n');
  }
  const head = ['claim', 'said', 'speaker'];
  for (const policy of view.policies) head.push(`${policy}: on the day`, `${policy}: now`);
  lines.push(
    textTable({
      head,
      rows: view.claims.map((c) => {
        const row = [
          c.identifier,
          c.itemReviewed.dateText,
          c.itemReviewed.author.map((a) => a.identifier).join('+'),
        ];
        for (const policy of view.policies)
          row.push(verdictOf(c.reviews, 'on-the-day', policy), verdictOf(c.reviews, 'now', policy));
        return row;
      }),
    }),
  );
  for (const c of view.claims) {
    lines.push('');
    lines.push(
      `${c.identifier} — ${c.itemReviewed.author.map((a) => a.name).join(' with ')}, ${c.itemReviewed.dateText}${c.itemReviewed.setting ? ` (${c.itemReviewed.setting})` : ''}`,
    );
    lines.push(`  “${c.itemReviewed.text}”`);
    if (c.itemReviewed.rendering) lines.push(`  “${c.itemReviewed.rendering}”`);
    lines.push(
      `  source: ${c.itemReviewed.appearance.identifier}${c.itemReviewed.appearance.sourceKind ? ` (${c.itemReviewed.appearance.sourceKind})` : ''}`,
    );
    for (const r of c.reviews.filter((x) => x.knowledge === 'on-the-day')) {
      lines.push(
        `  ${r.policy}, on ${r.asOf}: ${r.reviewRating.alternateName} — ${r.reviewRating.ratingExplanation}`,
      );
      if (r.evidence.records.length > 0)
        lines.push(
          `    evidence: records ${r.evidence.records.join(', ')} (${r.evidence.subjects.join(', ')})`,
        );
    }
  }
  lines.push('', 'Say–do gap (verdicts on the day)');
  const rows = [view.sayDo.program, ...view.sayDo.parties].map((p) => {
    const row = [p.id, String(p.claims.length)];
    for (const policy of view.policies) {
      const counts = p.ratings[policy];
      row.push(
        counts
          ? Object.entries(counts)
              .filter(([, n]) => n > 0)
              .map(([v, n]) => `${n} ${v}`)
              .join(', ')
          : '–',
      );
    }
    const gaps = p.gaps
      .map((g) => {
        const actual = view.policies
          .map((policy) =>
            g.actual[policy] === undefined
              ? ''
              : `${policy} ${formatAmount(g.actual[policy] as number, g.metric)}`,
          )
          .filter(Boolean)
          .join(' / ');
        return `${g.claim}: said ${g.comparison} ${formatAmount(g.asserted, g.metric)}, ledger ${actual}`;
      })
      .join('; ');
    row.push(gaps || '–');
    return row;
  });
  lines.push(
    textTable({
      head: ['who', 'claims', ...view.policies.map((p) => `${p} ratings`), 'asserted vs recorded'],
      rows,
      right: [1],
    }),
  );
  return lines.join('\n');
}
