import type { ViewPoint } from '../ledger/subject-state.js';
import { decisionRegister, type DecisionRegister } from '../governance/decision-register.js';
import type { AttributionPolicy } from '../metrics/attribution.js';
import type { DecisionRule } from '../model/charter.js';
import type { LedgerStore } from '../store/ledger-store.js';
import { resolveProgram } from './resolve-program.js';

/** The decision register of a program at (V, K), read from the store once. */
export async function ledgerDecisions(options: {
  store: LedgerStore;
  at: ViewPoint;
  policy: AttributionPolicy;
  program?: string | undefined;
  rule?: DecisionRule | undefined;
}): Promise<DecisionRegister> {
  const states = await options.store.statesAt(options.at);
  const program = resolveProgram({ states, program: options.program, at: options.at });
  const register = decisionRegister({
    states,
    at: options.at,
    program,
    policy: options.policy,
    rule: options.rule,
  });
  // resolveProgram found it among the same states, so the register exists.
  return register as DecisionRegister;
}
