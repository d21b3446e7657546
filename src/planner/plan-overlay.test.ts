import { describe, expect, it } from 'vitest';
import { planInstance, planSite } from '../../test/support/plan-instances.js';
import { applyOverlay, parseOverlayArgument } from './plan-overlay.js';
import { validatePlanInstance } from './validate-plan-instance.js';

const base = planInstance({
  sites: [planSite('tx')],
  leases: [
    { id: 'lease-oracle', provider: 'oracle', maxMw: [1000, 1000, 1000, 1000], usdPerMwYear: 6e6 },
  ],
  members: [
    { party: 'softbank', role: 'builder', capitalUsd: [1e9, 1e9, 1e9, 1e9], commitments: ['c'] },
  ],
  decisions: [
    { id: 'site-selection', resolves: '2028-01-01', basis: 'default', candidates: ['tx'] },
  ],
});

describe('plan overlays', () => {
  it('applies the issue’s examples: a decision date, a member role, a provider’s leases', () => {
    const x = applyOverlay(
      base,
      [
        'decision.site-selection.resolves=2026-01-01',
        'member.softbank.role=investor-only',
        'lease.oracle.max_mw=0',
      ].map((t) => parseOverlayArgument(t)),
    );
    expect(x.decisions[0]).toMatchObject({ resolves: '2026-01-01', basis: 'overlay' });
    expect(x.members[0]?.role).toBe('investor-only');
    expect(x.leases[0]?.maxMw).toEqual([0, 0, 0, 0]);
    expect(base.leases[0]?.maxMw).toEqual([1000, 1000, 1000, 1000]); // the base is not changed
  });

  it('refuses a key that names nothing, naming the key', () => {
    expect(() => applyOverlay(base, [parseOverlayArgument('member.mgx.role=builder')])).toThrow(
      /member\.mgx\.role: names no member with capital \(known: softbank\)/,
    );
    expect(() => applyOverlay(base, [parseOverlayArgument('plan.colour=1')])).toThrow(
      /plan takes discount_rate/,
    );
    expect(() => parseOverlayArgument('no-equals-sign')).toThrow(/expected key=value/);
  });

  it('refuses a decreasing target and negative capacity', () => {
    expect(() => validatePlanInstance({ ...base, targetMw: [100, 300, 200, 300] })).toThrow(
      /target 2028: the target path decreases from 300 MW in 2027 to 200 MW/,
    );
    expect(() => applyOverlay(base, [parseOverlayArgument('candidate.tx.max_mw=-1')])).toThrow(
      /negative capacity/,
    );
  });
});
