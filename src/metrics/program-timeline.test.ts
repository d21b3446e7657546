import { describe, expect, it } from 'vitest';
import { asRecords, bundledFacts } from '../../test/support/ledger-fixtures.js';
import { foldRecords } from '../ledger/fold.js';
import { programTimeline } from './program-timeline.js';

const records = asRecords(bundledFacts());
const at = (day: string) => ({ asOf: day, knownAt: day });
const timeline = (day: string) =>
  programTimeline({
    states: [...foldRecords(records, at(day)).values()],
    at: at(day),
    program: 'stargate',
  });

describe('programTimeline', () => {
  it('lists only what was known at the date, oldest first', () => {
    const early = timeline('2025-07-02');
    expect(early.events.map((e) => e.subject)).toContain('stargate');
    expect(early.events.some((e) => e.subject === 'openai-oracle-coreweave')).toBe(false);
    const late = timeline('2025-07-22');
    const contract = late.events.find((e) => e.subject === 'openai-oracle-coreweave');
    expect(contract).toMatchObject({
      category: 'event',
      change: 'created',
      dateText: 'by 2025-07-03',
      label: 'OpenAI contracts 4,500 MW with Oracle, CoreWeave (venture not a party)',
    });
    const dates = late.events.map((e) => e.date);
    expect(dates).toEqual([...dates].sort());
  });

  it('adds one entry per later record that changed a subject, naming the fields', () => {
    const update = timeline('2025-07-22').events.find(
      (e) => e.subject === 'openai-oracle-coreweave' && e.change === 'updated',
    );
    expect(update).toMatchObject({
      label: 'openai-oracle-coreweave: providers → oracle, coreweave',
      assumption: true,
    });
  });

  it('files claims and pledges as statements, positions as decisions, in words', () => {
    const events = timeline('2025-07-22').events;
    expect(events.find((e) => e.subject === 'capital-500b-2029')).toMatchObject({
      category: 'statement',
      label: 'pledge capital-500b-2029: $500B (by SoftBank Group, OpenAI, Oracle, MGX)',
    });
    expect(events.find((e) => e.subject === 'catz-not-formed-yet')).toMatchObject({
      category: 'statement',
      dateText: '2025-06',
    });
    expect(events.find((e) => e.subject === 'equity-softbank')).toMatchObject({
      category: 'decision',
      label: 'SoftBank Group: against on equity',
    });
  });
});
