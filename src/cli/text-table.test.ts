import { describe, expect, it } from 'vitest';
import { displayWidth, textTable, truncateToWidth } from './text-table.js';

describe('textTable', () => {
  it('aligns columns by the width a terminal shows, Korean included', () => {
    const table = textTable({
      head: ['who', 'quote', 'said', 'n'],
      rows: [
        ['catz', '스타게이트는 아직 만들어지지도 않았다', '2025-06', '7'],
        ['altman', 'a great partnership', '2025-07-14', '12'],
        ['son', '우리 황금시대의 시작', '2025-01-21', '1'],
      ],
      right: [3],
    });
    const [header, rule, ...body] = table.split('\n') as [string, string, ...string[]];
    const said = ['said', '2025-06', '2025-07-14', '2025-01-21'];
    // Where the third column starts in the header and each row, and where every line ends (the
    // last column is right-aligned).
    const starts = [header, ...body].map((l, i) =>
      displayWidth(l.slice(0, l.indexOf(said[i] as string))),
    );
    expect(starts).toEqual([starts[0], starts[0], starts[0], starts[0]]);
    expect(starts[0]).toBe(displayWidth('altman  스타게이트는 아직 만들어지지도 않았다  '));
    expect([rule, ...body].map(displayWidth)).toEqual(Array(4).fill(displayWidth(header)));
  });

  it('counts wide characters as two columns and combining marks as none', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('스타게이트')).toBe(10);
    expect(displayWidth('e\u0301')).toBe(1);
  });
});

describe('truncateToWidth', () => {
  it('cuts to the width with an ellipsis, never inside a character', () => {
    expect(truncateToWidth('abcdefghij', 5)).toBe('abcd…');
    expect(truncateToWidth('abc', 5)).toBe('abc');
    const cut = truncateToWidth('2029년까지 총 5000억 달러를 투입해', 12);
    expect(displayWidth(cut)).toBeLessThanOrEqual(12);
    expect(cut).toBe('2029년까지…');
    expect(truncateToWidth('caf\u00e9e\u0301 ok', 5)).toBe('café…');
  });
});
