import type { Cell, SubjectState, ViewPoint } from '../ledger/subject-state.js';
import { fieldNumber, fieldString, fieldStrings } from '../ledger/subject-state.js';
import type { Confidence } from '../model/confidence.js';
import type { SubjectKind } from '../model/subject-kind.js';

/** What a timeline entry is, for grouping on screen: things done, things said, things decided. */
export const TIMELINE_CATEGORIES = ['event', 'statement', 'decision'] as const;
export type TimelineCategory = (typeof TIMELINE_CATEGORIES)[number];

export interface TimelineEvent {
  /** The day the entry counts from (the end of an interval, as everywhere in the ledger). */
  date: string;
  /** The date as the source gives it: `2025-06`, `by 2025-07-21`. */
  dateText: string;
  /** When it became known. */
  known: string;
  category: TimelineCategory;
  kind: SubjectKind;
  subject: string;
  /** `created` for the fact that introduced the subject, `updated` for a later change. */
  change: 'created' | 'updated';
  label: string;
  record: number;
  source: string;
  assumption: boolean;
  confidence: Confidence;
}

export interface ProgramTimeline {
  program: string;
  asOf: string;
  knownAt: string;
  events: TimelineEvent[];
}

type Meta = Pick<Cell, 'seq' | 'valid' | 'validText' | 'known' | 'source'> &
  Pick<Cell, 'assumption' | 'confidence'>;

const MW = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** A pledge's target in its unit, for a label: `$500B`, `10,000 MW`, `100,000 jobs`. */
function amountOf(metric: string, value: number): string {
  switch (metric) {
    case 'capital_usd':
      return value >= 1e9 ? `$${MW.format(value / 1e9)}B` : `$${MW.format(value)}`;
    case 'capacity_mw':
      return `${MW.format(value)} MW`;
    case 'jobs':
      return `${MW.format(value)} jobs`;
    case 'sites':
      return `${MW.format(value)} site${value === 1 ? '' : 's'}`;
    default:
      return `${MW.format(value)} ${metric}`;
  }
}

/**
 * The dated entries of a program at (V, K), oldest first: its announcement, charter, pledges,
 * contracts and facilities claimed for it, decisions and members' positions, claims and
 * observations — each subject's creating fact, plus one entry per later record that changed it. Built
 * from subject states, so it replays with the "as known at" date like every other view. Pure.
 *
 * @example programTimeline({ states, at: { asOf: '2025-07-21', knownAt: '2025-07-22' }, program: 'stargate' })
 */
export function programTimeline(options: {
  states: readonly SubjectState[];
  at: ViewPoint;
  program: string;
}): ProgramTimeline {
  const { states, program } = options;
  const decisions = new Set(
    states
      .filter((s) => s.kind === 'decision' && fieldString(s, 'program') === program)
      .map((s) => s.id),
  );
  const byId = new Map(states.map((s) => [s.id, s]));
  const nameOf = (id: string | undefined) => {
    const named = id === undefined ? undefined : byId.get(id);
    return (named && fieldString(named, 'name')) ?? id ?? '?';
  };

  const events: TimelineEvent[] = [];
  for (const state of states) {
    const about = describe({ state, program, decisions, nameOf });
    if (!about) continue;
    events.push(entry({ state, meta: state.created, change: 'created', ...about }));
    // Later records that changed the subject, one entry per record (the fields it set).
    const updates = new Map<number, { meta: Cell; fields: string[] }>();
    for (const [field, cell] of Object.entries(state.fields)) {
      if (cell.seq === state.created.seq) continue;
      const seen = updates.get(cell.seq) ?? { meta: cell, fields: [] };
      seen.fields.push(field);
      updates.set(cell.seq, seen);
    }
    for (const { meta, fields } of updates.values())
      events.push(
        entry({
          state,
          meta,
          change: 'updated',
          category: about.category,
          label: `${state.id}: ${fields
            .sort()
            .map((f) => describeField(state, f))
            .join(', ')}`,
        }),
      );
  }
  events.sort((a, b) => a.date.localeCompare(b.date) || a.record - b.record);
  return { program, asOf: options.at.asOf, knownAt: options.at.knownAt, events };
}

function entry(options: {
  state: SubjectState;
  meta: Meta;
  change: TimelineEvent['change'];
  category: TimelineCategory;
  label: string;
}): TimelineEvent {
  const { state, meta } = options;
  return {
    date: meta.valid,
    dateText: meta.validText,
    known: meta.known,
    category: options.category,
    kind: state.kind,
    subject: state.id,
    change: options.change,
    label: options.label,
    record: meta.seq,
    source: meta.source,
    assumption: meta.assumption,
    confidence: meta.confidence,
  };
}

function describeField(state: SubjectState, field: string): string {
  const value = state.fields[field]?.value;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return `${field} → ${String(value)}`;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string'))
    return `${field} → ${value.join(', ')}`;
  return `${field} revised`;
}

/** The creating fact of a subject that belongs on the program's timeline, in words; else undefined. */
function describe(options: {
  state: SubjectState;
  program: string;
  decisions: ReadonlySet<string>;
  nameOf: (id: string | undefined) => string;
}): { category: TimelineCategory; label: string } | undefined {
  const { state: s, program, nameOf } = options;
  const forProgram = fieldString(s, 'program') === program;
  switch (s.kind) {
    case 'program':
      return s.id === program
        ? { category: 'event', label: `${fieldString(s, 'name') ?? s.id} announced` }
        : undefined;
    case 'charter':
      return forProgram ? { category: 'decision', label: `charter ${s.id} adopted` } : undefined;
    case 'pledge': {
      if (!forProgram) return undefined;
      const target = fieldNumber(s, 'target');
      const metric = fieldString(s, 'metric') ?? '';
      const by = fieldStrings(s, 'by').map(nameOf).join(', ');
      return {
        category: 'statement',
        label: `pledge ${s.id}: ${target === undefined ? '?' : amountOf(metric, target)} (by ${by})`,
      };
    }
    case 'contract': {
      if (fieldString(s, 'claimed_for') !== program) return undefined;
      const mw = fieldNumber(s, 'capacity_mw');
      const providers = fieldStrings(s, 'providers').map(nameOf).join(', ');
      const party =
        s.fields.venture_party?.value === true ? 'the venture a party' : 'venture not a party';
      return {
        category: 'event',
        label: `${nameOf(fieldString(s, 'buyer'))} contracts ${mw === undefined ? 'capacity of unreported size' : `${MW.format(mw)} MW`} with ${providers} (${party})`,
      };
    }
    case 'facility': {
      if (fieldString(s, 'claimed_for') !== program && s.fields.venture_party?.value !== true)
        return undefined;
      return {
        category: 'event',
        label: `facility ${fieldString(s, 'name') ?? s.id} announced (${fieldString(s, 'status') ?? '?'})`,
      };
    }
    case 'decision':
      return forProgram
        ? { category: 'decision', label: `decision opened: ${fieldString(s, 'question') ?? s.id}` }
        : undefined;
    case 'position': {
      const decision = fieldString(s, 'decision');
      if (decision === undefined || !options.decisions.has(decision)) return undefined;
      return {
        category: 'decision',
        label: `${nameOf(fieldString(s, 'party'))}: ${fieldString(s, 'stance') ?? '?'} on ${decision}`,
      };
    }
    case 'claim': {
      if (!forProgram) return undefined;
      const quote = s.fields.quote?.value as { original?: string; rendering?: string } | undefined;
      return {
        category: 'statement',
        label: `${nameOf(fieldString(s, 'speaker'))}: “${quote?.rendering ?? quote?.original ?? ''}”`,
      };
    }
    case 'observation':
      return forProgram
        ? {
            category: 'event',
            label: `observed ${fieldString(s, 'metric') ?? '?'} = ${String(fieldNumber(s, 'value') ?? '?')}`,
          }
        : undefined;
    case 'source':
    case 'party':
    case 'site':
    case 'candidate': // the planner's inputs are modelling data, not events of the program
    case 'lease-offer':
    case 'capital-commitment':
    case 'build-limit':
    case 'target-path':
    case 'plan-settings':
    case 'plan-scenario':
      return undefined;
  }
}
