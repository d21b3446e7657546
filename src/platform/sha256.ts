import { createHash } from 'node:crypto';
import type { Hasher } from '../ledger/hasher.js';

export const sha256: Hasher = (text) => createHash('sha256').update(text, 'utf8').digest('hex');
