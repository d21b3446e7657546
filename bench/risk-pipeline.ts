import { mulberry32 } from '../src/seeded-random.js';

/**
 * A seeded synthetic pipeline for the risk benchmark: F facilities across five grid regions, in
 * every early stage, half of them the venture's own (gated by four deadlocked decisions), the rest
 * members' solo projects claimed for the program; a 10 GW pledge, a jobs pledge and a sites pledge.
 */
export function syntheticScenario(facilities: number, seed: number): string {
  const rand = mulberry32(seed);
  const regions = [
    ['ERCOT', 'TX'],
    ['PJM', 'OH'],
    ['MISO', 'IN'],
    ['SPP', 'OK'],
    ['Southwest', 'AZ'],
  ] as const;
  const statuses = ['planned', 'site-secured', 'permitted', 'under-construction'];
  const lines: string[] = [
    'format: stargate/v1',
    'sources:',
    '  - { id: s, publisher: Synthetic, published: 2025-01-01, kind: estimate }',
    'parties:',
    '  - { id: a, name: A, kind: company, source: s }',
    '  - { id: b, name: B, kind: company, source: s }',
    'programs:',
    '  - { id: p, name: P, announced: 2025-01-01, source: s, members: [{ party: a, roles: [financier], lead: true }, { party: b, roles: [operator], lead: true }] }',
    'charters:',
    '  - { id: ch, program: p, adopted: 2025-01-01, default_class: all, classes: [{ id: all, rule: { kind: unanimity, voters: leads } }], source: s }',
    'pledges:',
    '  - { id: gw10, program: p, by: [a, b], metric: capacity_mw, target: 10000, deadline: 2029, made: 2025-01-01, source: s }',
    '  - { id: jobs, program: p, by: [a, b], metric: jobs, target: 20000, deadline: 2030, made: 2025-01-01, source: s }',
    '  - { id: texas, program: p, by: [a, b], metric: sites, target: 10, deadline: 2028, made: 2025-01-01, where: { state: TX }, source: s }',
    'decisions:',
  ];
  for (const d of ['equity', 'governance', 'site-selection', 'operations'])
    lines.push(
      `  - { id: ${d}, program: p, topic: ${d}, question: Q, opened: 2025-01-01, status: open, source: s }`,
    );
  lines.push('positions:');
  for (const d of ['equity', 'governance', 'site-selection', 'operations'])
    lines.push(
      `  - { id: ${d}-b, decision: ${d}, party: b, stance: against, at: 2025-02-01, source: s }`,
    );
  lines.push('sites:');
  for (let i = 0; i < facilities; i += 1) {
    const [region, st] = regions[i % regions.length] as readonly [string, string];
    lines.push(
      `  - { id: site${i}, name: Site ${i}, state: ${st}, grid_region: ${region}, source: s }`,
    );
  }
  lines.push('facilities:');
  for (let i = 0; i < facilities; i += 1) {
    const mw = 50 + Math.round(rand() * 450);
    const status = statuses[Math.floor(rand() * statuses.length)];
    const venture = rand() < 0.5;
    lines.push(
      `  - { id: f${i}, name: F${i}, site: site${i}, announced: 2025-01-01, status: ${status}, capacity_mw: ${mw}, jobs: ${Math.round(mw * 1.5)}, committed_usd: ${mw * 10_000_000}, claimed_for: p, ${venture ? 'venture_party: true' : `venture_party: false, claimed_by: ${rand() < 0.5 ? 'a' : 'b'}`}, source: s }`,
    );
  }
  return `${lines.join('\n')}\n`;
}
