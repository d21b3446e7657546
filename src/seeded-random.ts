/**
 * mulberry32: a tiny seeded generator of uniforms in [0, 1), good enough to make reproducible
 * synthetic data (benchmark programs, planner instances). Not the risk kernel's generator, which
 * needs independent streams per trial (xoshiro128**, in risk/kernel.ts).
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
