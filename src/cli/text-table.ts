import { eastAsianWidth } from 'get-east-asian-width';

/**
 * Characters a terminal draws over the one before, taking no column: combining marks, format
 * controls, Hangul vowel and final jamo.
 */
const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}\u1160-\u11FF\uD7B0-\uD7FF]$/u;

/**
 * The columns a text takes in a terminal: Hangul, CJK and other wide or fullwidth characters take
 * two, combining marks none, the rest one (Unicode's East Asian Width, ambiguous as narrow).
 * Padding by string length misaligned every row that holds a Korean quote (the seed article's) or
 * name. A table lookup rather than the `string-width` package, whose emoji tables made every CLI
 * start slower (`--version`: median 165 ms against 122, six alternated runs; with this, no change).
 */
export function displayWidth(text: string): number {
  let width = 0;
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    if (unit >= 0x20 && unit < 0x7f) {
      width += 1;
      continue;
    }
    const code = text.codePointAt(i) as number;
    if (code > 0xffff) i += 1;
    if (unit < 0x20 || (unit >= 0x7f && unit < 0xa0)) continue;
    if (ZERO_WIDTH.test(String.fromCodePoint(code))) continue;
    width += eastAsianWidth(code);
  }
  return width;
}

let segmenter: Intl.Segmenter | undefined;

/**
 * The text cut to at most `max` columns, with "…" where it was cut (after no space, and never
 * inside a character).
 */
export function truncateToWidth(text: string, max: number): string {
  if (displayWidth(text) <= max) return text;
  let kept = '';
  let width = 0;
  for (const { segment } of (segmenter ??= new Intl.Segmenter()).segment(text)) {
    const next = displayWidth(segment);
    if (width + next > max - 1) break;
    kept += segment;
    width += next;
  }
  return `${kept.trimEnd()}…`;
}

function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

function padStart(text: string, width: number): string {
  return ' '.repeat(Math.max(0, width - displayWidth(text))) + text;
}

/** A plain-text table: columns padded to their widest cell; numbers (right: true) aligned right. */
export function textTable(options: {
  head: string[];
  rows: string[][];
  right?: readonly number[];
}): string {
  const { head, rows } = options;
  const right = new Set(options.right ?? []);
  const widths = head.map((h, i) =>
    Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ''))),
  );
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (right.has(i) ? padStart(c, widths[i] ?? 0) : padEnd(c, widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(head), line(widths.map((w) => '─'.repeat(w))), ...rows.map(line)].join('\n');
}
