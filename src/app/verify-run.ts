import { z } from 'zod';
import type { RunKind } from './run-kind.js';
import { verifyLedger, type VerifyOutcome } from './verify-ledger.js';

/**
 * `stargate verify` as a run: walking the chain of a large ledger takes seconds, so the API starts it
 * and reports when it is done rather than holding a request open.
 */
export const VERIFY_RUN: RunKind<Record<string, never>, VerifyOutcome> = {
  kind: 'verify',
  summary:
    'Walk the hash chain, recomputing every fact key and link, and check the derived tables (as `stargate verify`).',
  params: z.object({}).strict(),
  async execute(_params, context) {
    const { records } = await context.store.stats();
    context.report({ done: 0, total: records, message: `verifying ${records} records` });
    const outcome = await verifyLedger({ store: context.store, sha256: context.sha256 });
    context.report({ done: records, total: records, message: outcome.ok ? 'verified' : 'failed' });
    return outcome;
  },
};
