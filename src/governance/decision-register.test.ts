import { describe, expect, it } from 'vitest';
import { asRecords, bundledFacts, factsFromText } from '../../test/support/ledger-fixtures.js';
import { foldRecords } from '../ledger/fold.js';
import type { ViewPoint } from '../ledger/subject-state.js';
import type { AttributionPolicy } from '../metrics/attribution.js';
import type { DecisionRule } from '../model/charter.js';
import { decisionRegister, type DecisionRegister } from './decision-register.js';

function registerOf(
  facts: ReturnType<typeof bundledFacts>,
  at: ViewPoint,
  options: { program?: string; policy?: AttributionPolicy; rule?: DecisionRule } = {},
): DecisionRegister {
  const register = decisionRegister({
    states: [...foldRecords(asRecords(facts), at).values()],
    at,
    program: options.program ?? 'stargate',
    policy: options.policy ?? 'venture',
    rule: options.rule,
  });
  if (!register) throw new Error('no program');
  return register;
}

const decision = (r: DecisionRegister, id: string) => {
  const found = r.decisions.find((d) => d.id === id);
  if (!found) throw new Error(`no decision ${id}`);
  return found;
};

describe('the bundled Stargate decisions', () => {
  const facts = bundledFacts();
  const july = { asOf: '2025-07-21', knownAt: '2025-07-22' };

  it('are four open decisions since the announcement, deadlocked under unanimity of the leads', () => {
    const r = registerOf(facts, july);
    expect(r.charter?.basis.assumption).toBe(true);
    expect(
      r.decisions.map((d) => [d.id, d.status, d.outcome?.state, d.ageDays, d.idleDays]),
    ).toEqual([
      ['site-selection', 'open', 'deadlocked', 181, 181],
      ['equity', 'open', 'deadlocked', 181, 181],
      ['governance', 'open', 'deadlocked', 181, 181],
      ['operations', 'open', 'deadlocked', 181, 181],
    ]);
    expect(decision(r, 'equity').outcome?.blockers).toEqual(['softbank']);
    expect(r.summary).toEqual({
      open: 4,
      deadlocked: 4,
      resolved: 0,
      medianLatencyDays: null,
      blockedMw: 10000,
      blockedCapitalUsd: 500e9,
    });
  });

  it('lists what waits on each: the 10 GW on site selection, the $500B on equity', () => {
    const r = registerOf(facts, july);
    expect(decision(r, 'site-selection').blocks).toEqual([
      { id: 'capacity-10gw', kind: 'pledge', mw: 10000, capitalUsd: 0 },
    ]);
    expect(decision(r, 'equity').blockedCapitalUsd).toBe(500e9);
    expect(decision(r, 'equity').basis.assumption).toBe(true);
  });

  it('under a one-member-one-vote majority, Oracle and MGX could still carry them', () => {
    const r = registerOf(facts, july, { rule: { kind: 'majority' } });
    expect(r.ruleOverride).toEqual({ kind: 'majority' });
    expect(r.decisions.every((d) => d.outcome?.state === 'open' && d.ruleFrom === 'override')).toBe(
      true,
    );
    expect(decision(r, 'equity').outcome?.weights).toMatchObject({
      for: 1,
      against: 1,
      undeclared: 2,
    });
    // Equity shares are not reported, so a majority of equity cannot be judged.
    const byEquity = registerOf(facts, july, { rule: { kind: 'majority', basis: 'equity' } });
    expect(decision(byEquity, 'equity').outcome?.state).toBe('undetermined');
  });

  it('replays what was known: before the July report there were no decisions on record', () => {
    expect(registerOf(facts, { asOf: '2025-07-21', knownAt: '2025-07-21' }).decisions).toEqual([]);
  });
});

const SMALL = `
format: stargate/v1
sources:
  - { id: s, publisher: P, published: 2025-01-01, kind: press-report }
  - { id: later, publisher: P, published: 2025-09-01, kind: press-report }
parties:
  - { id: a, name: A, kind: company, source: s }
  - { id: b, name: B, kind: company, source: s }
  - { id: c, name: C, kind: company, source: s }
programs:
  - id: p
    name: P
    announced: 2025-01-01
    source: s
    members:
      - { party: a, roles: [financier], equity: 0.5, seats: 2, lead: true }
      - { party: b, roles: [operator], equity: 0.3, seats: 2 }
      - { party: c, roles: [energy], equity: 0.2, seats: 1 }
charters:
  - id: ch
    program: p
    adopted: 2025-01-01
    source: s
    default_class: ordinary
    classes:
      - { id: ordinary, rule: { kind: majority, basis: equity } }
      - { id: reserved, rule: { kind: majority, basis: seats }, veto: [c] }
sites:
  - { id: tx, name: T, state: TX, grid_region: ERCOT, source: s }
facilities:
  - { id: f, name: F, site: tx, announced: 2025-01-01, status: planned, capacity_mw: 300, committed_usd: 1000, claimed_for: p, venture_party: true, source: s }
decisions:
  - { id: d1, program: p, topic: equity, question: Q1, opened: 2025-01-01, status: open, source: s }
  - { id: d2, program: p, topic: site-selection, question: Q2, class: reserved, opened: 2025-02-01, status: open, blocks: [f], source: s }
  - { id: d3, program: p, topic: other, question: Q3, opened: 2025-01-01, status: passed, resolved: 2025-01-31, source: s }
  - { id: d4, program: p, topic: other, question: Q4, opened: 2025-01-01, status: failed, resolved: 2025-03-02, source: s }
positions:
  - { id: d1-a, decision: d1, party: a, stance: for, at: 2025-03-01, source: s }
  - { id: d1-b, decision: d1, party: b, stance: against, at: 2025-03-01, source: s }
  - { id: d2-a, decision: d2, party: a, stance: for, at: 2025-03-01, source: s }
  - { id: d2-b, decision: d2, party: b, stance: for, at: 2025-03-01, source: s }
  - { id: d2-c, decision: d2, party: c, stance: against, at: 2025-04-01, source: s }
  - { id: d2-c-early, decision: d2, party: c, stance: for, at: 2025-03-01, source: s }
updates:
  - { subject: d1-b, at: 2025-05-01, set: { stance: for }, source: s }
  - { subject: d2, at: 2025-06-01, set: { status: passed, resolved: 2025-06-01 }, source: later }
`;

describe('decisionRegister', () => {
  const facts = factsFromText('small.yaml', SMALL);
  const at = (asOf: string, knownAt = '2025-12-31') => ({ asOf, knownAt });

  it('weighs votes by equity under an equity majority, following positions over time', () => {
    expect(decision(registerOf(facts, at('2025-04-15'), { program: 'p' }), 'd1')).toMatchObject({
      outcome: { state: 'open', weights: { for: 0.5, against: 0.3, undeclared: 0.2 } },
      idleDays: 45,
    });
    const may = decision(registerOf(facts, at('2025-05-15'), { program: 'p' }), 'd1');
    expect(may.outcome?.state).toBe('carried');
    expect(may.positions.find((p) => p.party === 'b')).toMatchObject({
      stance: 'for',
      since: '2025-05-01',
    });
    expect(may.lastChange).toBe('2025-05-01');
  });

  it('lets a veto holder deadlock a reserved matter the seats would carry', () => {
    const d2 = decision(registerOf(facts, at('2025-04-15'), { program: 'p' }), 'd2');
    expect(d2.rule).toEqual({ kind: 'majority', basis: 'seats' });
    expect(d2.veto).toEqual(['c']);
    expect(d2.outcome).toMatchObject({ state: 'deadlocked', blockers: ['c'] });
    expect(d2.positions.find((p) => p.party === 'c')).toMatchObject({
      stance: 'against',
      since: '2025-04-01',
      earlier: [{ stance: 'for', since: '2025-03-01', position: 'd2-c-early' }],
    });
    expect(d2).toMatchObject({ blockedMw: 300, blockedCapitalUsd: 1000 });
  });

  it('counts latency over resolved decisions and blocked MW over open ones only', () => {
    const before = registerOf(facts, at('2025-07-01', '2025-08-01'), { program: 'p' });
    expect(before.summary).toMatchObject({
      open: 2,
      resolved: 2,
      medianLatencyDays: 45,
      blockedMw: 300,
    });
    const after = registerOf(facts, at('2025-07-01'), { program: 'p' });
    expect(after.summary).toMatchObject({
      open: 1,
      resolved: 3,
      medianLatencyDays: 60,
      blockedMw: 0,
    });
    expect(decision(after, 'd2')).toMatchObject({
      status: 'passed',
      resolved: '2025-06-01',
      outcome: null,
    });
  });

  it('sorts open decisions oldest and most blocking first, then the resolved', () => {
    const r = registerOf(facts, at('2025-04-15'), { program: 'p' });
    expect(r.decisions.map((d) => d.id)).toEqual(['d1', 'd2', 'd4', 'd3']);
  });
});
