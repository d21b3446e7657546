import { verifyChain, type ChainCheck } from '../ledger/chain.js';
import type { Hasher } from '../ledger/hasher.js';
import type { LedgerStore } from '../store/ledger-store.js';

export interface VerifyOutcome {
  chain: ChainCheck;
  /** Problems in the adapter's derived tables; the chain is the authority, these are rebuildable. */
  derived: string[];
  ok: boolean;
}

/** Walk the hash chain from the first record, recomputing each fact key and link. */
export async function verifyLedger(options: {
  store: LedgerStore;
  sha256: Hasher;
}): Promise<VerifyOutcome> {
  const chain = await verifyChain(options.store.records(), options.sha256);
  const derived = await options.store.checkDerived();
  return { chain, derived, ok: chain.ok && derived.length === 0 };
}
