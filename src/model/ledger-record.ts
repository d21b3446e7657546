import { z } from 'zod';
import { CONFIDENCES } from './confidence.js';
import { SUBJECT_KINDS } from './subject-kind.js';

export const RECORD_OPS = ['create', 'update'] as const;
export type RecordOp = (typeof RECORD_OPS)[number];

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** One entry of the append-only ledger, as stored and exported. */
export const LedgerRecord = z
  .object({
    seq: z.number().int().positive(),
    kind: z.enum(SUBJECT_KINDS),
    subject: z.string(),
    op: z.enum(RECORD_OPS),
    /** Valid time as written (`2025-07`, `by 2025-07-21`) and the day it counts from (its end). */
    validText: z.string(),
    valid: isoDay,
    /** Known time: the day the fact became known. */
    known: isoDay,
    source: z.string(),
    /** The fact's content as written in the scenario (a create's entity, an update's `set`). */
    payload: z.record(z.string(), z.unknown()),
    note: z.string().optional(),
    assumption: z.boolean(),
    confidence: z.enum(CONFIDENCES),
    recordedAt: z.string(),
    recordedBy: z.string(),
    /** SHA-256 of the canonical fact (kind, subject, op, valid, known, source, payload, meta). */
    factKey: z.string().regex(/^[0-9a-f]{64}$/),
    /** SHA-256 over the previous record's hash and this record's fact key, seq and recording. */
    hash: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .strict();
export type LedgerRecord = z.infer<typeof LedgerRecord>;
