import { scaleDistribution } from './distribution.js';
import { SHOCKS, STAGES, type RiskReference } from './reference.js';

/** One end of a sensitivity driver: the reference with one thing moved. */
export interface DriverVariant {
  driver: string;
  label: string;
  end: 'low' | 'high';
  value: number;
  reference: RiskReference;
}

/**
 * The drivers of the sensitivity ("tornado"): each stage's duration scaled to the low and high
 * multipliers its reference gives, and each shock's strength moved between its documented low and
 * high values. Everything else stays as it is.
 */
export function driverVariants(reference: RiskReference): DriverVariant[] {
  const out: DriverVariant[] = [];
  for (const stage of STAGES) {
    const s = reference.stages[stage];
    s.tornado.forEach((factor, k) =>
      out.push({
        driver: `stage.${stage}`,
        label: `${stage} duration ×${factor}`,
        end: k === 0 ? 'low' : 'high',
        value: factor,
        reference: {
          ...reference,
          stages: {
            ...reference.stages,
            [stage]: { ...s, duration: scaleDistribution(s.duration, factor) },
          },
        },
      }),
    );
  }
  for (const shock of SHOCKS) {
    const s = reference.shocks[shock];
    s.tornado.forEach((strength, k) =>
      out.push({
        driver: `shock.${shock}`,
        label: `${shock} shock strength ${strength}`,
        end: k === 0 ? 'low' : 'high',
        value: strength,
        reference: { ...reference, shocks: { ...reference.shocks, [shock]: { ...s, strength } } },
      }),
    );
  }
  return out;
}

export interface TornadoBar {
  driver: string;
  low: { value: number; pMet: number; p50: string | null };
  high: { value: number; pMet: number; p50: string | null };
  /** |P(met) at high − at low|: the ranking key, then the P50 date's shift in days. */
  swing: number;
  p50ShiftDays: number | null;
}

export interface Tornado {
  pledge: string;
  policy: string;
  trials: number;
  base: { pMet: number; p50: string | null };
  bars: TornadoBar[];
}

function daysApart(a: string | null, b: string | null): number | null {
  if (a === null || b === null) return null;
  return Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);
}

/** Rank the drivers of one pledge/policy: by the swing in P(met), then by the P50 date's shift. */
export function rankTornado(options: {
  pledge: string;
  policy: string;
  trials: number;
  base: { pMet: number; p50: string | null };
  ends: { driver: string; end: 'low' | 'high'; value: number; pMet: number; p50: string | null }[];
}): Tornado {
  const byDriver = new Map<string, TornadoBar>();
  for (const e of options.ends) {
    const bar = byDriver.get(e.driver) ?? {
      driver: e.driver,
      low: { value: 0, pMet: 0, p50: null },
      high: { value: 0, pMet: 0, p50: null },
      swing: 0,
      p50ShiftDays: null,
    };
    bar[e.end] = { value: e.value, pMet: e.pMet, p50: e.p50 };
    byDriver.set(e.driver, bar);
  }
  const bars = [...byDriver.values()].map((b) => ({
    ...b,
    swing: Math.abs(b.high.pMet - b.low.pMet),
    p50ShiftDays: daysApart(b.low.p50, b.high.p50),
  }));
  bars.sort(
    (a, b) =>
      b.swing - a.swing ||
      Math.abs(b.p50ShiftDays ?? 0) - Math.abs(a.p50ShiftDays ?? 0) ||
      a.driver.localeCompare(b.driver),
  );
  return {
    pledge: options.pledge,
    policy: options.policy,
    trials: options.trials,
    base: options.base,
    bars,
  };
}
