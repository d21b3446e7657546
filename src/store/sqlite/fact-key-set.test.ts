import { describe, expect, it } from 'vitest';
import { FactKeySet } from './fact-key-set.js';

describe('FactKeySet', () => {
  it('finds a repeated key and tells apart keys whose first 64 bits agree', () => {
    const keys = ['a1', 'b2', 'a1', 'c3', 'b2', 'c4'];
    const compared: number[] = [];
    const set = new FactKeySet(keys.length, (i) => {
      compared.push(i);
      return keys[i] as string;
    });
    // c3 and c4 share their prefix: a collision the full keys settle.
    const prefixes: [number, number][] = [
      [1, 1],
      [2, 2],
      [1, 1],
      [0xffffffff, 7],
      [2, 2],
      [0xffffffff, 7],
    ];
    const added = keys.map((key, i) => set.add(i, key, prefixes[i] as [number, number]));
    expect(added).toEqual([true, true, false, true, false, true]);
    // Full keys are read only where the prefixes agree.
    expect(compared).toEqual([0, 1, 3]);
  });

  it('holds as many distinct keys as it was sized for', () => {
    const n = 5000;
    const key = (i: number) => `k${i}`;
    const set = new FactKeySet(n, key);
    for (let i = 0; i < n; i += 1) expect(set.add(i, key(i), [i % 7, i])).toBe(true);
  });
});
