import { describe, expect, it } from 'vitest';
import { asRecords, bundledFacts, factsFromText } from '../../test/support/ledger-fixtures.js';
import { foldRecords } from '../ledger/fold.js';
import type { ViewPoint } from '../ledger/subject-state.js';
import type { AttributionPolicy } from './attribution.js';
import { statusReport, type StatusReport } from './status-report.js';

function reportOf(
  facts: ReturnType<typeof bundledFacts>,
  at: ViewPoint,
  policy: AttributionPolicy,
): StatusReport {
  const outcome = statusReport({
    states: [...foldRecords(asRecords(facts), at).values()],
    at,
    policy,
    evidence: true,
  });
  if (!outcome.ok) throw new Error(outcome.reason);
  return outcome.report;
}

const pledge = (report: StatusReport, id: string) => {
  const found = report.pledges.find((p) => p.id === id);
  if (!found) throw new Error(`no pledge ${id}`);
  return found;
};

describe('the bundled Stargate scenario', () => {
  const facts = bundledFacts();
  const july = { asOf: '2025-07-21', knownAt: '2025-07-22' };

  it('shows 0 MW contracted for the 10 GW pledge under venture, 4,500 MW under claimed', () => {
    expect(pledge(reportOf(facts, july, 'venture'), 'capacity-10gw').stages.contracted?.value).toBe(
      0,
    );
    const claimed = pledge(reportOf(facts, july, 'claimed'), 'capacity-10gw');
    expect(claimed.stages.contracted?.value).toBe(4500);
    expect(claimed.stages.contracted?.subjects).toEqual(['openai-oracle-coreweave']);
    expect(claimed.stages.operational?.value).toBe(0);
    expect(claimed.achieved).toBe(0); // counts at operational by default
  });

  it('replays what was known: neither policy shows the 4.5 GW before it was reported', () => {
    const january = { asOf: '2025-07-21', knownAt: '2025-01-31' };
    expect(reportOf(facts, january, 'claimed').capacityMw.contracted).toBe(0);
    expect(pledge(reportOf(facts, january, 'claimed'), 'capacity-10gw').target).toBe(10000);
    // The Oracle part was reported on 3 July (signed by then); the seed article added CoreWeave later.
    const at = (asOf: string, knownAt: string) =>
      reportOf(facts, { asOf, knownAt }, 'claimed').capacityMw.contracted;
    expect(at('2025-07-02', '2025-07-22')).toBe(0);
    expect(at('2025-07-21', '2025-07-02')).toBe(0);
    expect(at('2025-07-03', '2025-07-03')).toBe(4500);
  });

  it('marks the January pledges stalled by July under venture, and not the claimed capacity', () => {
    const venture = pledge(reportOf(facts, july, 'venture'), 'capacity-10gw');
    expect(venture).toMatchObject({
      stalled: true,
      lastProgress: '2025-01-21',
      daysWithoutProgress: 181,
    });
    const claimed = pledge(reportOf(facts, july, 'claimed'), 'capacity-10gw');
    expect(claimed).toMatchObject({ stalled: false, lastProgress: '2025-07-03' });
  });

  it('keeps the revised pledge and says what revised it', () => {
    const report = reportOf(facts, july, 'venture');
    expect(pledge(report, 'capital-100b-immediately')).toMatchObject({
      status: 'superseded',
      revisedBy: ['ohio-small-dc-2025'],
    });
    expect(pledge(report, 'ohio-small-dc-2025')).toMatchObject({
      metric: 'sites',
      target: 1,
      achieved: 0,
      revises: 'capital-100b-immediately',
    });
    expect(pledge(report, 'ohio-small-dc-2025').stages.announced?.value).toBe(1);
  });

  it('shows the basis beside the figures: assumption, confidence, source kind', () => {
    const report = reportOf(facts, july, 'claimed');
    expect(pledge(report, 'capital-100b-immediately').basis).toMatchObject({
      assumption: true,
      sourceKinds: ['company-statement'],
    });
    expect(pledge(report, 'capacity-10gw').basis).toMatchObject({
      assumption: false,
      confidence: 'likely',
      sourceKinds: ['press-report'],
    });
    expect(report.capacityFunnel.contracted?.basis).toMatchObject({
      confidence: 'confirmed',
      sourceKinds: ['secondary-summary'],
    });
    expect(report.capacityFunnel.announced?.unknown).toBe(1); // the Ohio facility has no reported size
  });

  it('computes pace needed against pace so far', () => {
    const p = pledge(reportOf(facts, july, 'venture'), 'capacity-10gw');
    expect(p.pace.soFarPerYear).toBe(0);
    expect(p.pace.daysLeft).toBe(1624); // to 2029-12-31
    expect(p.pace.neededPerYear).toBeCloseTo(10000 / (1624 / 365.25), 6);
  });

  it('lists the open decisions, oldest first, and the observation', () => {
    const report = reportOf(facts, july, 'venture');
    expect(report.openDecisions.map((d) => d.id)).toEqual([
      'equity',
      'governance',
      'operations',
      'site-selection',
    ]);
    expect(report.openDecisions[0]?.ageDays).toBe(181);
    expect(report.observations).toMatchObject([
      { metric: 'venture_datacenter_contracts', value: 0, sourceKind: 'press-report' },
    ]);
  });
});

const SMALL = `
format: stargate/v1
sources:
  - { id: s, publisher: P, published: 2025-01-01, kind: press-report }
  - { id: est, publisher: Analyst, published: 2025-01-01, kind: estimate }
parties:
  - { id: a, name: A, kind: company, source: s }
  - { id: b, name: B, kind: company, source: s }
  - { id: outsider, name: O, kind: company, source: s }
programs:
  - { id: p, name: P, announced: 2025-01-01, source: s, members: [{ party: a, roles: [financier] }, { party: b, roles: [operator] }] }
pledges:
  - { id: mw, program: p, by: [a], metric: capacity_mw, target: 1000, deadline: 2027, made: 2025-01-01, source: s }
  - { id: cap, program: p, by: [a], metric: capital_usd, target: 1000, deadline: 2027, made: 2025-01-01, source: s }
  - { id: jobs, program: p, by: [a], metric: jobs, target: 100, deadline: 2027, made: 2025-01-01, counts_at: under-construction, source: s }
  - { id: tx, program: p, by: [a], metric: sites, target: 2, deadline: 2027, made: 2025-01-01, where: { state: TX }, counts_at: contracted, source: s }
sites:
  - { id: tx1, name: T1, state: TX, grid_region: ERCOT, source: s }
  - { id: oh1, name: O1, state: OH, grid_region: PJM, source: s }
contracts:
  - { id: c1, buyer: a, providers: [b], kind: capacity, capacity_mw: 300, value_usd: 500, signed: 2025-03, claimed_for: p, venture_party: true, source: s }
  - { id: c2, buyer: b, providers: [outsider], kind: lease, capacity_mw: 200, signed: 2025-04-15, claimed_for: p, venture_party: false, source: s }
  - { id: c3, buyer: outsider, providers: [b], kind: capacity, capacity_mw: 999, signed: 2025-04-15, claimed_for: p, venture_party: false, source: s }
facilities:
  - { id: f1, site: tx1, contract: c1, announced: 2025-03, status: under-construction, capacity_mw: 250, jobs: 40, claimed_for: p, venture_party: true, source: s }
  - { id: f2, site: oh1, announced: 2025-02, status: operational, capacity_mw: 50, jobs: 10, spent_usd: 70, committed_usd: 80, claimed_for: p, venture_party: true, source: est, assumption: true }
  - { id: f3, site: tx1, announced: 2025-02, status: cancelled, capacity_mw: 400, claimed_for: p, venture_party: true, source: s }
  - { id: f4, site: oh1, announced: 2025-02, status: planned, claimed_for: p, venture_party: true, source: s, confidence: speculative }
updates:
  - { subject: f1, at: 2025-09-30, set: { status: operational }, source: s, known: 2025-10-05 }
`;

describe('statusReport', () => {
  const facts = factsFromText('small.yaml', SMALL);

  it('counts a contract and its facilities once, capped at the contract size', () => {
    const r = reportOf(facts, { asOf: '2025-06-30', knownAt: '2025-06-30' }, 'venture');
    // c1 300 MW (f1 250 MW building under it), f2 50 MW operational, f3 cancelled, f4 size unknown.
    expect(r.capacityMw).toEqual({
      announced: 350,
      contracted: 350,
      underConstruction: 300,
      operational: 50,
    });
    expect(r.capacityFunnel.announced?.unknown).toBe(1);
    expect(r.capacityFunnel.announced?.basis).toMatchObject({
      assumption: true,
      confidence: 'speculative',
      sourceKinds: ['estimate', 'press-report'],
    });
  });

  it('adds members’ own claimed contracts under claimed, never an outsider’s', () => {
    const r = reportOf(facts, { asOf: '2025-06-30', knownAt: '2025-06-30' }, 'claimed');
    expect(r.capacityMw.contracted).toBe(550); // + c2 (buyer b is a member); c3's buyer is not
  });

  it('moves a facility along when its update is known, not before', () => {
    expect(
      reportOf(facts, { asOf: '2025-12-31', knownAt: '2025-10-04' }, 'venture').capacityMw
        .operational,
    ).toBe(50);
    expect(
      reportOf(facts, { asOf: '2025-12-31', knownAt: '2025-10-05' }, 'venture').capacityMw
        .operational,
    ).toBe(300);
  });

  it('measures capital committed and spent, jobs at their stage, and sites where the pledge says', () => {
    const r = reportOf(facts, { asOf: '2025-06-30', knownAt: '2025-06-30' }, 'venture');
    expect(pledge(r, 'cap').stages).toMatchObject({
      committed: { value: 580 },
      spent: { value: 70 },
    });
    expect(pledge(r, 'cap').achieved).toBe(580);
    expect(pledge(r, 'jobs').achieved).toBe(50);
    expect(pledge(r, 'tx').achieved).toBe(1); // f1 in Texas under contract; f3 cancelled
    expect(pledge(r, 'tx').stages.announced?.value).toBe(1);
  });

  it('flags a pledge stalled after 90 days without progress', () => {
    expect(
      pledge(reportOf(facts, { asOf: '2025-06-28', knownAt: '2025-06-30' }, 'venture'), 'mw'),
    ).toMatchObject({
      lastProgress: '2025-03-31',
      daysWithoutProgress: 89,
      stalled: false,
    });
    expect(
      pledge(reportOf(facts, { asOf: '2025-06-29', knownAt: '2025-06-30' }, 'venture'), 'mw')
        .stalled,
    ).toBe(true);
  });

  it('says when the ledger holds no program', () => {
    expect(
      statusReport({
        states: [],
        at: { asOf: '2025-01-01', knownAt: '2025-01-01' },
        policy: 'venture',
      }),
    ).toEqual({
      ok: false,
      reason: 'no-program',
      programs: [],
    });
  });
});
