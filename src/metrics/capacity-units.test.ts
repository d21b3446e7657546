import { describe, expect, it } from 'vitest';
import { asRecords, bundledFacts } from '../../test/support/ledger-fixtures.js';
import { foldRecords } from '../ledger/fold.js';
import { isAttributed } from './attribution.js';
import { capacityUnits, facilityParts, type CapacityUnit } from './capacity-units.js';

const ids = (units: CapacityUnit[]) => units.map((u) => [u.subject.id, u.mw, u.stage]);

describe('capacityUnits with placed parts and an include filter', () => {
  const facts = bundledFacts();
  // Late enough that the bundled scenario's contracts, facilities and sites are all visible.
  const states = foldRecords(asRecords(facts), { asOf: '2026-12-31', knownAt: '2026-12-31' });
  const members = new Set(['softbank', 'openai', 'oracle', 'mgx']);

  it('gives the units that building all and filtering afterwards gives, in the same order', () => {
    const parts = facilityParts(states);
    for (const policy of ['venture', 'claimed'] as const) {
      const include = (s: Parameters<typeof isAttributed>[0]['subject']) =>
        isAttributed({ subject: s, program: 'stargate', members, policy });
      for (const where of [undefined, { state: 'TX' }, { region: 'ERCOT' }]) {
        const expected = capacityUnits({ states, where }).filter((u) => include(u.subject));
        const got = capacityUnits({ states, where, parts, include });
        expect(ids(got)).toEqual(ids(expected));
      }
    }
    // Not vacuous: the filter keeps some units (the claimed 4.5 GW) and drops others (venture).
    const keptUnder = (policy: 'venture' | 'claimed') =>
      capacityUnits({
        states,
        parts,
        include: (s) => isAttributed({ subject: s, program: 'stargate', members, policy }),
      }).length;
    expect(keptUnder('claimed')).toBeGreaterThan(0);
    expect(keptUnder('venture')).toBeLessThan(capacityUnits({ states }).length);
  });
});
