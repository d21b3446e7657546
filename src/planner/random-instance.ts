import type { PlanInstance, PlanLimit, PlanSite } from './plan-instance.js';
import { mulberry32 } from '../seeded-random.js';

const REGIONS = ['ERCOT', 'PJM', 'MISO', 'SPP', 'Southwest'] as const;

export interface RandomInstanceOptions {
  sites: number;
  years?: number;
  seed?: number;
  /** MW online by the last years (default 10 GW, whatever the number of sites). */
  targetMw?: number;
}

/**
 * A seeded planning instance of S candidate sites over T years (issue 4's benchmark): five grid
 * regions with their headroom and construction limits, an overall construction and accelerator
 * limit, three members' capital by year, two lease offers, and a fixed target that ramps to 10 GW
 * in the fourth year and holds. Figures are of the same order as the bundled Stargate inputs.
 */
export function randomInstance(options: RandomInstanceOptions): PlanInstance {
  const T = options.years ?? 6;
  const random = mulberry32(options.seed ?? 1);
  const between = (lo: number, hi: number) => lo + (hi - lo) * random();
  const step = (lo: number, hi: number, by: number) =>
    lo + by * Math.floor(random() * ((hi - lo) / by + 1));
  const years = Array.from({ length: T }, (_, t) => 2026 + t);
  const target = options.targetMw ?? 10_000;
  const rampYears = Math.min(4, T);

  const sites: PlanSite[] = Array.from({ length: options.sites }, (_, i) => {
    const first = Math.floor(between(0, Math.min(3, T - 1) + 0.999));
    const max = step(200, 1500, 100);
    return {
      id: `site-${i + 1}`,
      site: `site-${i + 1}`,
      region: REGIONS[i % REGIONS.length] as string,
      developer: undefined,
      // Power comes in two steps: about half in the first year, all of it a year later.
      powerMw: years.map((_, t) =>
        t < first ? 0 : t === first ? Math.round(max / 200) * 100 : max,
      ),
      openingCostUsd: step(100, 600, 50) * 1e6,
      facilityCapexUsdPerMw: between(10, 14) * 1e6,
      itCapexUsdPerMw: between(25, 35) * 1e6,
      powerUsdPerMwh: between(50, 90),
      pue: between(1.15, 1.4),
      buildMonths: 24,
    };
  });
  const limits: PlanLimit[] = [
    { id: 'construction', kind: 'construction', region: undefined, mw: years.map(() => 4000) },
    {
      id: 'accelerators',
      kind: 'accelerator-supply',
      region: undefined,
      mw: years.map(() => 3500),
    },
    ...REGIONS.flatMap((region): PlanLimit[] => [
      { id: `${region}-build`, kind: 'construction', region, mw: years.map(() => 1500) },
      {
        id: `${region}-grid`,
        kind: 'grid-headroom',
        region,
        mw: years.map((_, t) => 1000 + 1500 * t),
      },
    ]),
  ];
  const capitalByYear = [60e9, 100e9, 100e9, 100e9, 80e9, 60e9];
  const shares = [0.4, 0.4, 0.2];
  return {
    program: `random-${options.sites}x${T}-seed${options.seed ?? 1}`,
    asOf: '2026-01-01',
    years,
    blockMw: 100,
    discountRate: 0.08,
    shortfallPenaltyUsdPerMwYear: 1e9,
    loadFactor: 0.8,
    sites,
    leases: [
      {
        id: 'lease-a',
        provider: 'cloud-a',
        maxMw: years.map(() => step(1000, 1500, 100)),
        usdPerMwYear: between(8, 10) * 1e6,
      },
      {
        id: 'lease-b',
        provider: 'cloud-b',
        maxMw: years.map(() => step(1000, 1500, 100)),
        usdPerMwYear: between(8, 10) * 1e6,
      },
    ],
    members: shares.map((share, m) => ({
      party: `member-${m + 1}`,
      role: 'builder' as const,
      capitalUsd: years.map((_, t) => share * (capitalByYear[t] ?? 60e9)),
      commitments: [`member-${m + 1}-capital`],
    })),
    limits,
    decisions: [],
    targetMw: years.map((_, t) => Math.round((target * Math.min(t + 1, rampYears)) / rampYears)),
    existingMw: years.map(() => 0),
  };
}
