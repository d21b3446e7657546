import { describe, expect, it } from 'vitest';
import { HUGE_PAGES_TUNABLE, hugePagesEnv } from './huge-pages.js';

const LINUX = { platform: 'linux', thpMode: 'madvise', glibc: true };

describe('hugePagesEnv', () => {
  it('asks for huge pages on Linux with glibc when the kernel gives them on request', () => {
    expect(hugePagesEnv({ PATH: '/bin' }, LINUX)).toEqual({
      PATH: '/bin',
      GLIBC_TUNABLES: HUGE_PAGES_TUNABLE,
    });
  });

  it("adds to the user's other tunables", () => {
    expect(
      hugePagesEnv({ GLIBC_TUNABLES: 'glibc.malloc.arena_max=2' }, LINUX)?.GLIBC_TUNABLES,
    ).toBe(`glibc.malloc.arena_max=2:${HUGE_PAGES_TUNABLE}`);
  });

  it("keeps the user's own choice, which is how to turn it off", () => {
    expect(hugePagesEnv({ GLIBC_TUNABLES: 'glibc.malloc.hugetlb=0' }, LINUX)).toBeUndefined();
    expect(hugePagesEnv({ GLIBC_TUNABLES: HUGE_PAGES_TUNABLE }, LINUX)).toBeUndefined();
  });

  it('runs nothing again where it would change nothing', () => {
    expect(hugePagesEnv({}, { ...LINUX, thpMode: 'always' })).toBeUndefined();
    expect(hugePagesEnv({}, { ...LINUX, thpMode: 'never' })).toBeUndefined();
    expect(hugePagesEnv({}, { ...LINUX, thpMode: undefined })).toBeUndefined();
    expect(hugePagesEnv({}, { ...LINUX, glibc: false })).toBeUndefined();
    expect(hugePagesEnv({}, { ...LINUX, platform: 'darwin' })).toBeUndefined();
  });
});
