import { isAscii } from 'node:buffer';
import { readFile } from 'node:fs/promises';

/**
 * A UTF-8 text file as a string, as `readFile(path, 'utf8')` gives it, but faster for the common
 * all-ASCII file: its bytes are its Latin-1 text, which V8 takes as a one-byte string without
 * decoding (a 111 MiB scenario: 0.87-0.93 s against 1.16-1.48 s). Any other file is decoded as UTF-8.
 */
export async function readTextFile(path: string): Promise<string> {
  const bytes = await readFile(path);
  return isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
}
