import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { asRecords, factsFromText } from '../../test/support/ledger-fixtures.js';
import { decisionRegister } from '../governance/decision-register.js';
import { foldRecords } from '../ledger/fold.js';
import { Distribution, mean, quantileTable, TABLE_SIZE, variance } from './distribution.js';
import { addAccumulators, emptyAccumulators, runTrials } from './kernel.js';
import { compilePipeline, DAYS_PER_MONTH } from './pipeline.js';
import { RiskReference, STAGES } from './reference.js';
import { applyRiskSettings } from './risk-overlay.js';
import { histogramQuantile, summarize } from './summarize.js';

const BUNDLED = RiskReference.parse(
  parse(
    readFileSync(
      fileURLToPath(new URL('../../scenarios/risk-reference.yaml', import.meta.url)),
      'utf8',
    ),
  ),
);

/** The bundled reference with every stage instant and every shock off, then `stages` set. */
function reference(
  stages: Partial<Record<(typeof STAGES)[number], Distribution>>,
  shocks = 0,
): RiskReference {
  const ref = structuredClone(BUNDLED);
  for (const s of STAGES) {
    ref.stages[s].duration = stages[s] ?? { kind: 'uniform', min: 0, max: 0 };
    delete ref.stages[s].by_region; // no regional multipliers: the closed forms are the stages' own
  }
  for (const k of ['governance', 'supply', 'grid', 'financing'] as const)
    ref.shocks[k].strength = shocks;
  return ref;
}

const SCENARIO = (facilities: string, extra = '') => `
format: stargate/v1
sources:
  - { id: s, publisher: P, published: 2025-01-01, kind: press-report }
parties:
  - { id: a, name: A, kind: company, source: s }
  - { id: b, name: B, kind: company, source: s }
programs:
  - { id: p, name: P, announced: 2025-01-01, source: s, members: [{ party: a, roles: [financier], lead: true }, { party: b, roles: [operator], lead: true }] }
sites:
  - { id: s1, name: S1, state: TX, grid_region: ERCOT, source: s }
  - { id: s2, name: S2, state: OH, grid_region: PJM, source: s }
${facilities ? `facilities:\n${facilities}` : ''}
${extra}`;

const AT = { asOf: '2025-01-01', knownAt: '2025-12-31' };

function compiled(text: string, ref: RiskReference, options: { noDecisions?: boolean } = {}) {
  const states = [...foldRecords(asRecords(factsFromText('t.yaml', text)), AT).values()];
  const register = decisionRegister({ states, at: AT, program: 'p', policy: 'venture' });
  return compilePipeline({
    states,
    asOf: AT.asOf,
    program: 'p',
    reference: ref,
    register: options.noDecisions ? undefined : register,
  });
}

function run(c: ReturnType<typeof compiled>, trials: number, seed = 7) {
  const acc = emptyAccumulators(c.model);
  runTrials(c.model, { seed, from: 0, to: trials }, acc);
  return acc;
}

/** Mean and variance of the day an evaluation is met, from its day histogram. */
function moments(acc: ReturnType<typeof run>, evaluation: number, days: number) {
  let n = 0;
  let sum = 0;
  let sq = 0;
  for (let d = 0; d < days; d += 1) {
    const c = acc.evalMet[evaluation * days + d] as number;
    // A day bin holds [d, d + 1): its midpoint.
    n += c;
    sum += c * (d + 0.5);
    sq += c * (d + 0.5) ** 2;
  }
  return { mean: sum / n, variance: sq / n - (sum / n) ** 2 };
}

const ONE =
  '  - { id: f1, name: F1, site: s1, announced: 2025-01-01, status: planned, capacity_mw: 100, claimed_for: p, claimed_by: a, venture_party: false, source: s }';

/** A pledge met the day f1 comes online: evaluation 1 (claimed; under venture f1 does not count). */
const WHEN_ONE = `pledges:
  - { id: mw, program: p, by: [a], metric: capacity_mw, target: 100, deadline: 2040, made: 2025-01-01, source: s }`;
const CLAIMED = 1;

describe('the risk kernel against closed forms', () => {
  it('one facility, one uniform stage: its online-date quantiles are the uniform quantiles', () => {
    const c = compiled(
      SCENARIO(ONE, WHEN_ONE),
      reference({ 'site-control': { kind: 'uniform', min: 10, max: 20 } }),
    );
    const acc = run(c, 40_000);
    const days = c.model.horizonDays + 2;
    for (const q of [0.1, 0.5, 0.9]) {
      const expected = (10 + 10 * q) * DAYS_PER_MONTH;
      const got = histogramQuantile(acc.evalMet.subarray(CLAIMED * days, (CLAIMED + 1) * days), q);
      // Sampling error of a quantile at 40k trials is about 1.5 days here; binning adds one.
      expect(Math.abs(got - expected)).toBeLessThan(5);
    }
  });

  it('stages in series: mean and variance are the sums of the stages’ (within sampling error)', () => {
    const site: Distribution = { kind: 'triangular', min: 1, mode: 4, max: 12 };
    const permits: Distribution = { kind: 'pert', min: 4, mode: 9, max: 24 };
    const c = compiled(SCENARIO(ONE, WHEN_ONE), reference({ 'site-control': site, permits }));
    const trials = 60_000;
    const m = moments(run(c, trials), CLAIMED, c.model.horizonDays + 2);
    const mu = (mean(site) + mean(permits)) * DAYS_PER_MONTH;
    const v = (variance(site) + variance(permits)) * DAYS_PER_MONTH ** 2;
    expect(Math.abs(m.mean - mu)).toBeLessThan(4 * Math.sqrt(v / trials) + 0.5);
    // The variance of a sample variance is about 2σ⁴/n for near-normal sums: ±4 of those, plus binning.
    expect(Math.abs(m.variance - v)).toBeLessThan(4 * v * Math.sqrt(2 / trials) + 1);
  });

  it('tabulated lognormals keep their mean and variance within a fraction of a percent', () => {
    const d: Distribution = { kind: 'lognormal', median: 30, sigma: 0.55 };
    const t = quantileTable(d, 1);
    // Integrate the piecewise-linear quantile function over p in [0, 1].
    let m1 = 0;
    let m2 = 0;
    for (let i = 0; i < TABLE_SIZE; i += 1) {
      const a = t[i] as number;
      const b = t[i + 1] as number;
      m1 += (a + b) / 2 / TABLE_SIZE;
      m2 += (a * a + a * b + b * b) / 3 / TABLE_SIZE;
    }
    expect(Math.abs(m1 / mean(d) - 1)).toBeLessThan(0.002);
    expect(Math.abs((m2 - m1 * m1) / variance(d) - 1)).toBeLessThan(0.03);
  });
});

describe('the risk kernel’s determinism and structure', () => {
  const TWO = `${ONE}\n  - { id: f2, name: F2, site: s2, announced: 2025-01-01, status: planned, capacity_mw: 100, claimed_for: p, claimed_by: b, venture_party: false, source: s }`;

  it('gives the same histograms however the trials are split into batches (and so across workers)', () => {
    const c = compiled(SCENARIO(TWO), BUNDLED);
    const whole = run(c, 3000, 11);
    const parts = emptyAccumulators(c.model);
    for (const [from, to] of [
      [0, 1000],
      [2500, 3000],
      [1000, 2500],
    ] as const) {
      const acc = emptyAccumulators(c.model);
      runTrials(c.model, { seed: 11, from, to }, acc);
      addAccumulators(parts, acc);
    }
    expect(parts).toEqual(whole);
    expect(run(c, 3000, 12)).not.toEqual(whole);
  });

  it('with every shock off, facilities are independent: P(both by D) = P(a by D) × P(b by D)', () => {
    const pledges = `pledges:
  - { id: both, program: p, by: [a], metric: sites, target: 2, deadline: 2029-06-30, made: 2025-01-01, source: s }
  - { id: one-a, program: p, by: [a], metric: sites, target: 1, deadline: 2029-06-30, made: 2025-01-01, where: { site: s1 }, source: s }
  - { id: one-b, program: p, by: [a], metric: sites, target: 1, deadline: 2029-06-30, made: 2025-01-01, where: { site: s2 }, source: s }`;
    const p = (shocks: number) => {
      const c = compiled(
        SCENARIO(TWO, pledges),
        reference(Object.fromEntries(STAGES.map((s) => [s, BUNDLED.stages[s].duration])), shocks),
      );
      const s = summarize(c, run(c, 40_000));
      const of = (id: string) =>
        s.pledges.find((x) => x.pledge === id && x.policy === 'claimed')?.pMet ?? Number.NaN;
      return { both: of('both'), a: of('one-a'), b: of('one-b') };
    };
    const off = p(0);
    expect(off.a).toBeGreaterThan(0.1);
    expect(off.a).toBeLessThan(0.9);
    // Standard error of the difference at 40k trials is under 0.004.
    expect(Math.abs(off.both - off.a * off.b)).toBeLessThan(0.012);
    const on = p(1);
    expect(on.both - on.a * on.b).toBeGreaterThan(0.02);
  });

  it('removing every open decision never lowers P(met), trial by trial', () => {
    const venture =
      '  - { id: v1, name: V1, site: s1, announced: 2025-01-01, status: permitted, capacity_mw: 500, claimed_for: p, venture_party: true, source: s }';
    const extra = `decisions:
  - { id: d, program: p, topic: equity, question: Q, opened: 2024-01-01, status: open, source: s }
charters:
  - { id: ch, program: p, adopted: 2024-01-01, default_class: all, classes: [{ id: all, rule: { kind: unanimity } }], source: s }
positions:
  - { id: da, decision: d, party: a, stance: against, at: 2024-06-01, source: s }
pledges:
  - { id: mw, program: p, by: [a], metric: capacity_mw, target: 500, deadline: 2029, made: 2025-01-01, source: s }`;
    const text = SCENARIO(venture, extra);
    const gated = compiled(text, BUNDLED);
    expect(gated.gates).toMatchObject([{ decision: 'd', state: 'deadlocked', ageDays: 366 }]);
    const free = compiled(text, BUNDLED, { noDecisions: true });
    const a = run(gated, 20_000);
    const b = run(free, 20_000);
    const days = gated.model.horizonDays + 2;
    for (let e = 0; e < gated.model.nEvals; e += 1) {
      let ca = 0;
      let cb = 0;
      for (let d = 0; d < days; d += 1) {
        ca += a.evalMet[e * days + d] as number;
        cb += b.evalMet[e * days + d] as number;
        expect(cb).toBeGreaterThanOrEqual(ca); // the whole distribution moves earlier, never later
      }
    }
    const pa = summarize(gated, a).pledges[0]?.pMet ?? 0;
    const pb = summarize(free, b).pledges[0]?.pMet ?? 0;
    expect(pb).toBeGreaterThan(pa);
  });

  it('splits a contract’s unplaced capacity into campuses and counts it only when claimed', () => {
    const text = SCENARIO(
      '',
      `contracts:
  - { id: c, buyer: a, providers: [b], kind: capacity, capacity_mw: 2500, signed: 2025-01-01, claimed_for: p, venture_party: false, source: s }`,
    );
    const c = compiled(text, BUNDLED);
    expect(c.items.map((i) => [i.id, i.mw, i.policies])).toEqual([
      ['c#1', 1000, ['claimed']],
      ['c#2', 1000, ['claimed']],
      ['c#3', 500, ['claimed']],
    ]);
  });
});

describe('bad risk input', () => {
  it('refuses impossible distributions and shock strengths outside [0, 1], naming the place', () => {
    const bad = structuredClone(BUNDLED) as unknown as Record<
      string,
      Record<string, Record<string, unknown>>
    >;
    (bad.stages as Record<string, Record<string, unknown>>)['permits'] = {
      ...(bad.stages?.permits as Record<string, unknown>),
      duration: { kind: 'pert', min: 30, mode: 9, max: 24 },
    };
    const r = RiskReference.safeParse(bad);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => [i.path.join('.'), i.message])).toContainEqual([
      'stages.permits.duration.min',
      'min 30 > mode 9',
    ]);
    expect(
      Distribution.safeParse({ kind: 'lognormal', median: 3, sigma: -1 }).error?.issues[0]?.message,
    ).toBe('sigma must be > 0, got -1');
    const strength = applyRiskSettings({
      reference: BUNDLED,
      settings: [{ key: 'shock.supply.strength', value: '1.5' }],
      decisionIds: new Set(),
    });
    expect(strength).toMatchObject({
      ok: false,
      message: expect.stringMatching(/shocks\.supply\.strength/),
    });
    expect(
      applyRiskSettings({
        reference: BUNDLED,
        settings: [{ key: 'stage.permits.mode', value: '40' }],
        decisionIds: new Set(),
      }),
    ).toMatchObject({
      ok: false,
      message: expect.stringMatching(/stages\.permits\.duration\.mode: mode 40 > max 24/),
    });
    expect(
      applyRiskSettings({
        reference: BUNDLED,
        settings: [{ key: 'decision.nope.resolves', value: '2026-01-01' }],
        decisionIds: new Set(['d']),
      }),
    ).toMatchObject({
      ok: false,
      message: expect.stringMatching(/"nope" is not an open decision/),
    });
    expect(
      applyRiskSettings({
        reference: BUNDLED,
        settings: [{ key: 'stage.nothing.scale', value: '2' }],
        decisionIds: new Set(),
      }),
    ).toMatchObject({ ok: false, message: expect.stringMatching(/no stage "nothing"/) });
  });
});
