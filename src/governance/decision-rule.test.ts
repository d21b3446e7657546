import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DecisionRule } from '../model/charter.js';
import { STANCES, type Stance } from '../model/position.js';
import { ruleOutcome, type Voter } from './decision-rule.js';

/** A voter; `null` stands for an unknown weight (an explicit undefined would take the default). */
const v = (party: string, stance: Stance, weight: number | null = 1): Voter => ({
  party,
  stance,
  weight: weight ?? undefined,
});

describe('ruleOutcome', () => {
  const majority: DecisionRule = { kind: 'majority', basis: 'equity' };

  it('majority: carried only with more than half the weight for', () => {
    const half = [v('a', 'for', 0.5), v('b', 'against', 0.5)];
    expect(ruleOutcome({ rule: majority, voters: half }).state).toBe('deadlocked');
    const more = [v('a', 'for', 0.51), v('b', 'against', 0.49)];
    expect(ruleOutcome({ rule: majority, voters: more }).state).toBe('carried');
  });

  it('majority: open while undeclared weight could still carry it', () => {
    const out = ruleOutcome({
      rule: majority,
      voters: [v('a', 'for', 0.4), v('b', 'against', 0.4), v('c', 'undeclared', 0.2)],
    });
    expect(out.state).toBe('open');
    expect(out.required).toBeCloseTo(0.5);
    expect(out.weights).toMatchObject({ for: 0.4, against: 0.4, undeclared: 0.2 });
  });

  it('majority: abstentions count against, since the threshold is of the whole electorate', () => {
    const out = ruleOutcome({
      rule: { kind: 'majority' },
      voters: [v('a', 'for'), v('b', 'abstain'), v('c', 'abstain'), v('d', 'undeclared')],
    });
    expect(out.state).toBe('deadlocked');
    expect(out.blockers).toEqual(['b', 'c']);
  });

  it('supermajority: the threshold is inclusive and sums of shares do not miss it by rounding', () => {
    const rule: DecisionRule = { kind: 'supermajority', threshold: 0.6, basis: 'equity' };
    const exactly = [v('a', 'for', 0.2), v('b', 'for', 0.4), v('c', 'against', 0.4)];
    expect(ruleOutcome({ rule, voters: exactly }).state).toBe('carried');
    const short = [v('a', 'for', 0.55), v('b', 'against', 0.45)];
    expect(ruleOutcome({ rule, voters: short }).state).toBe('deadlocked');
  });

  it('seats: a voter with more seats weighs more', () => {
    const rule: DecisionRule = { kind: 'majority', basis: 'seats' };
    const out = ruleOutcome({
      rule,
      voters: [v('a', 'for', 3), v('b', 'against', 1), v('c', 'against', 1)],
    });
    expect(out.state).toBe('carried');
  });

  it('unanimity: one voter against or abstaining deadlocks; all for carries', () => {
    const rule: DecisionRule = { kind: 'unanimity' };
    expect(ruleOutcome({ rule, voters: [v('a', 'for'), v('b', 'against')] })).toMatchObject({
      state: 'deadlocked',
      blockers: ['b'],
    });
    expect(ruleOutcome({ rule, voters: [v('a', 'for'), v('b', 'abstain')] }).state).toBe(
      'deadlocked',
    );
    expect(ruleOutcome({ rule, voters: [v('a', 'for'), v('b', 'undeclared')] }).state).toBe('open');
    expect(ruleOutcome({ rule, voters: [v('a', 'for'), v('b', 'for')] }).state).toBe('carried');
  });

  it('unanimity ignores weights, even unknown ones', () => {
    const out = ruleOutcome({ rule: { kind: 'unanimity' }, voters: [v('a', 'for', null)] });
    expect(out.state).toBe('carried');
  });

  it('veto: a veto holder against deadlocks even a decision the majority carries', () => {
    const out = ruleOutcome({
      rule: { kind: 'majority' },
      voters: [v('a', 'for'), v('b', 'for'), v('c', 'against')],
      vetoHolders: [{ party: 'c', stance: 'against' }],
    });
    expect(out).toMatchObject({ state: 'deadlocked', blockers: ['c'] });
    const notAgainst = ruleOutcome({
      rule: { kind: 'majority' },
      voters: [v('a', 'for'), v('b', 'for'), v('c', 'undeclared')],
      vetoHolders: [{ party: 'c', stance: 'undeclared' }],
    });
    expect(notAgainst.state).toBe('carried');
  });

  it('unknown weights leave a weighted rule undetermined, naming whose weight is missing', () => {
    const out = ruleOutcome({
      rule: majority,
      voters: [v('a', 'for', 0.4), v('b', 'against', null)],
    });
    expect(out).toMatchObject({ state: 'undetermined', blockers: ['b'] });
    expect(out.reason).toContain('equity of b not known');
  });

  it('no voters (a leads-only rule on a program without leads) is undetermined', () => {
    const out = ruleOutcome({ rule: { kind: 'unanimity', voters: 'leads' }, voters: [] });
    expect(out.state).toBe('undetermined');
  });

  it('property: an undeclared voter coming out for never turns a passable decision into a deadlock', () => {
    const rules = fc.oneof(
      fc.constant<DecisionRule>({ kind: 'unanimity' }),
      fc.constantFrom<DecisionRule>({ kind: 'majority' }, { kind: 'majority', basis: 'equity' }),
      fc
        .double({ min: 0.51, max: 1, noNaN: true })
        .map((threshold): DecisionRule => ({ kind: 'supermajority', threshold, basis: 'seats' })),
    );
    const voters = fc.uniqueArray(
      fc.record({
        party: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'),
        stance: fc.constantFrom(...STANCES),
        weight: fc.oneof(fc.integer({ min: 0, max: 5 }), fc.constant(undefined)),
      }),
      { selector: (x) => x.party, minLength: 1 },
    );
    fc.assert(
      fc.property(
        rules,
        voters,
        fc.record({ pick: fc.nat(), withVeto: fc.boolean() }),
        (rule, list, { pick, withVeto }) => {
          const undeclared = list.filter((x) => x.stance === 'undeclared');
          fc.pre(undeclared.length > 0);
          const who = (undeclared[pick % undeclared.length] as Voter).party;
          const veto = withVeto ? list.slice(0, 1) : [];
          const before = ruleOutcome({ rule, voters: list, vetoHolders: veto });
          const turned = list.map((x) => (x.party === who ? { ...x, stance: 'for' as const } : x));
          const after = ruleOutcome({
            rule,
            voters: turned,
            vetoHolders: veto.map((x) => turned.find((t) => t.party === x.party) as Voter),
          });
          if (before.state === 'open' || before.state === 'carried')
            expect(after.state).not.toBe('deadlocked');
        },
      ),
      { numRuns: 500 },
    );
  });
});
