import { factToFoldable, type Fact } from '../ledger/fact.js';
import { foldRecords } from '../ledger/fold.js';
import type { PlanIssue, ScenarioDocument } from '../ledger/plan-facts.js';
import type { FoldableRecord } from '../ledger/subject-state.js';
import { fieldString } from '../ledger/subject-state.js';
import { toDateValue } from '../model/dates.js';
import type { Member } from '../model/program.js';

const ALL_KNOWN = '9999-12-31';

/**
 * What a schema and reference checks cannot see in positions: the party must be a member of the
 * decision's program on the position's date, and a position cannot be dated before its decision
 * opened. Checked against everything recorded, in the files and in the ledger (`stored`: the records
 * about the decisions, programs and positions involved). Pure.
 */
export function positionIssues(options: {
  documents: readonly ScenarioDocument[];
  facts: readonly Fact[];
  stored: readonly FoldableRecord[];
}): PlanIssue[] {
  const records: FoldableRecord[] = [...options.stored];
  options.facts.forEach((f, i) => records.push(factToFoldable(f, Number.MAX_SAFE_INTEGER - i)));
  const created = new Map<string, FoldableRecord>();
  for (const r of records) if (r.op === 'create') created.set(r.subject, r);
  const cache = new Map<string, ReturnType<typeof foldRecords>>();
  const statesAt = (valid: string) => {
    let states = cache.get(valid);
    if (!states)
      cache.set(valid, (states = foldRecords(records, { asOf: valid, knownAt: ALL_KNOWN })));
    return states;
  };

  const issues: PlanIssue[] = [];
  const check = (ctx: {
    file: string;
    path: (string | number)[];
    decision: string;
    party: string;
    valid: string;
    validText: string;
  }) => {
    const opened = created.get(ctx.decision);
    if (!opened || opened.kind !== 'decision') return; // an unknown decision is a reference error
    if (ctx.valid < opened.valid) {
      issues.push({
        file: ctx.file,
        path: [...ctx.path, 'at'],
        message: `${ctx.validText} is before decision "${ctx.decision}" opened (${opened.validText})`,
      });
      return;
    }
    const states = statesAt(ctx.valid);
    const decision = states.get(ctx.decision);
    const program = decision ? fieldString(decision, 'program') : undefined;
    const programState = program === undefined ? undefined : states.get(program);
    if (!programState) return;
    const members = (programState.fields.members?.value as Member[] | undefined) ?? [];
    if (!members.some((m) => m.party === ctx.party))
      issues.push({
        file: ctx.file,
        path: [...ctx.path, 'party'],
        message: `"${ctx.party}" is not a member of ${program} on ${ctx.valid} (members: ${members.map((m) => m.party).join(', ')})`,
      });
  };

  for (const { file, scenario } of options.documents) {
    (scenario.positions ?? []).forEach((p, index) => {
      const at = toDateValue(p.at);
      check({
        file,
        path: ['positions', index],
        decision: p.decision,
        party: p.party,
        valid: at.end,
        validText: at.text,
      });
    });
    (scenario.updates ?? []).forEach((u, index) => {
      if (created.get(u.subject)?.kind !== 'position') return;
      const at = toDateValue(u.at);
      const position = statesAt(at.end).get(u.subject);
      const decision =
        (u.set.decision as string | undefined) ?? (position && fieldString(position, 'decision'));
      const party =
        (u.set.party as string | undefined) ?? (position && fieldString(position, 'party'));
      if (decision === undefined || party === undefined) return;
      check({
        file,
        path: ['updates', index, 'set'],
        decision,
        party,
        valid: at.end,
        validText: at.text,
      });
    });
  }
  return issues;
}
