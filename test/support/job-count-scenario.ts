/** Facilities in `jobCountScenario`. */
export const FACILITIES = 20;

/**
 * A generated `stargate/v1` scenario for import tests: one source, a site and FACILITIES facilities
 * (unless not `withSubjects`), and `updates` job counts, one per facility a day from `firstDay`
 * (days after 2025-01-01), citing `source`.
 */
export function jobCountScenario(
  updates: number,
  { firstDay = 0, withSubjects = true, source = 's' } = {},
): Record<string, unknown> {
  const day = (n: number) => new Date(Date.UTC(2025, 0, 1 + n)).toISOString().slice(0, 10);
  return {
    format: 'stargate/v1',
    sources: [{ id: source, publisher: 'P', published: '2025-01-01', kind: 'press-report' }],
    ...(withSubjects
      ? {
          sites: [{ id: 'tx1', name: 'T1', state: 'TX', grid_region: 'ERCOT', source }],
          facilities: Array.from({ length: FACILITIES }, (_, i) => ({
            id: `f${i}`,
            site: 'tx1',
            announced: '2025-01-01',
            status: 'announced',
            venture_party: true,
            source,
          })),
        }
      : {}),
    updates: Array.from({ length: updates }, (_, i) => ({
      subject: `f${i % FACILITIES}`,
      at: day(firstDay + Math.floor(i / FACILITIES)),
      source,
      set: { jobs: (i * 7919) % 5000 },
    })),
  };
}
