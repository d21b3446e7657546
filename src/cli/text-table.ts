/** A plain-text table: columns padded to their widest cell; numbers (right: true) aligned right. */
export function textTable(options: {
  head: string[];
  rows: string[][];
  right?: readonly number[];
}): string {
  const { head, rows } = options;
  const right = new Set(options.right ?? []);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (right.has(i) ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(head), line(widths.map((w) => '─'.repeat(w))), ...rows.map(line)].join('\n');
}
