/**
 * The fact keys met so far in one append, to skip a fact repeated within it: an open-addressing
 * table of fact indexes, hashed and compared by each key's first 64 bits — the timeline tie halves,
 * which the append parses anyway — held in typed arrays. Keeping a million 64-character key strings
 * alive for the check cost the collector, and probing them cost a cache miss per fact. Two facts
 * whose first 64 bits agree are compared in full through `keyOf`, which gives an earlier fact's key
 * again: only true repeats take that path (and, once in 2^64, two different keys).
 */
export class FactKeySet {
  readonly #high: Uint32Array;
  readonly #low: Uint32Array;
  readonly #keyOf: (index: number) => string;
  readonly #slots: Int32Array;
  readonly #mask: number;

  /** For `size` facts; `keyOf(i)` is fact `i`'s full key. */
  constructor(size: number, keyOf: (index: number) => string) {
    this.#high = new Uint32Array(size);
    this.#low = new Uint32Array(size);
    this.#keyOf = keyOf;
    let slots = 16;
    while (slots < size * 2) slots *= 2;
    this.#slots = new Int32Array(slots);
    this.#mask = slots - 1;
  }

  /**
   * Adds fact `index`, whose key is `key` and starts with the 64 bits `high`, `low`; false when an
   * earlier fact had the same key.
   */
  add(index: number, key: string, prefix: readonly [high: number, low: number]): boolean {
    const [high, low] = prefix;
    this.#high[index] = high;
    this.#low[index] = low;
    const h = (high ^ Math.imul(low, 0x9e3779b1)) >>> 0;
    for (let slot = h & this.#mask; ; slot = (slot + 1) & this.#mask) {
      const held = (this.#slots[slot] as number) - 1;
      if (held < 0) {
        this.#slots[slot] = index + 1;
        return true;
      }
      if (this.#high[held] === high && this.#low[held] === low && this.#keyOf(held) === key)
        return false;
    }
  }
}
