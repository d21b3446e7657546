const INTEGER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatMw(mw: number): string {
  return mw >= 1000 && mw % 100 === 0
    ? `${(mw / 1000).toLocaleString('en-US', { maximumFractionDigits: 1 })} GW`
    : `${INTEGER.format(mw)} MW`;
}

export function formatUsd(usd: number): string {
  if (usd >= 1e9) return `$${(usd / 1e9).toLocaleString('en-US', { maximumFractionDigits: 1 })}B`;
  if (usd >= 1e6) return `$${(usd / 1e6).toLocaleString('en-US', { maximumFractionDigits: 1 })}M`;
  return `$${INTEGER.format(usd)}`;
}

/** A figure in its metric's unit. */
export function formatMetric(metric: string, value: number): string {
  switch (metric) {
    case 'capacity_mw':
      return formatMw(value);
    case 'capital_usd':
      return formatUsd(value);
    case 'jobs':
      return `${INTEGER.format(value)} jobs`;
    case 'sites':
      return `${INTEGER.format(value)} site${value === 1 ? '' : 's'}`;
    default:
      return INTEGER.format(value);
  }
}

export function formatPercent(ratio: number): string {
  return `${(ratio * 100).toLocaleString('en-US', { maximumFractionDigits: 1 })}%`;
}

/** Day arithmetic on ISO days, in UTC. */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function formatDay(day: string): string {
  return new Date(`${day}T00:00:00Z`).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

export const METRIC_LABEL: Record<string, string> = {
  capacity_mw: 'capacity',
  capital_usd: 'capital',
  jobs: 'jobs',
  sites: 'sites',
};

/** Basis as the CLI writes it: `A` when an assumption is involved, then confidence and source kinds. */
export function formatBasis(basis: {
  assumption: boolean;
  confidence: string;
  sourceKinds: string[];
}): string {
  return [basis.assumption ? 'A' : '', basis.confidence, basis.sourceKinds.join('+')]
    .filter(Boolean)
    .join(' ');
}
