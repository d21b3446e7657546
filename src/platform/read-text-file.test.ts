import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readTextFile } from './read-text-file.js';

const dir = mkdtempSync(join(tmpdir(), 'stargate-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readTextFile', () => {
  it.each([
    ['ASCII', 'format: stargate/v1\nsources: []\n'],
    ['UTF-8 with Korean and a BOM', '\uFEFFquote: "스타게이트는 아직 구성되지 않았다" — é\n'],
    ['invalid UTF-8 bytes', Buffer.from([0x61, 0xff, 0xfe, 0x62])],
    ['an empty file', ''],
  ])('reads %s exactly as readFile(path, "utf8") does', async (_name, content) => {
    const path = join(dir, `f-${Math.random().toString(36).slice(2)}`);
    writeFileSync(path, content);
    expect(await readTextFile(path)).toBe(await readFile(path, 'utf8'));
  });
});
