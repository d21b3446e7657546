import type { z } from 'zod';
import { ALWAYS, toDateValue, type DateInput, type DateValue } from '../model/dates.js';
import { META_KEYS, type Confidence } from '../model/confidence.js';
import type { Scenario } from '../model/scenario.js';
import { SUBJECT_KIND_SPECS, SUBJECT_KINDS, type SubjectKind } from '../model/subject-kind.js';
import type { Update } from '../model/update.js';
import { canonicalJson } from './canonical-json.js';
import { withDeferredFactKey, withFactKey, type Fact, type FactContent } from './fact.js';
import type { Hasher } from './hasher.js';

/** A scenario that passed the schema, with the file it came from. */
export interface ScenarioDocument {
  file: string;
  scenario: Scenario;
}

/** What the ledger already holds about an id the documents mention. */
export interface ExistingSubject {
  id: string;
  kind: SubjectKind;
  /** The day the subject's creation counts from. */
  valid: string;
  factKey: string;
  payload: Record<string, unknown>;
}

export interface PlanIssue {
  file: string;
  path: (string | number)[];
  message: string;
}

export type FactPlan = { ok: true; facts: Fact[] } | { ok: false; issues: PlanIssue[] };

interface KnownSubject {
  kind: SubjectKind;
  valid: string;
  factKey: string;
  payload: Record<string, unknown>;
  where: string;
}

/** Field names that hold references in some kind: only these values of an update can name subjects. */
const REF_FIELDS = new Set(
  Object.values(SUBJECT_KIND_SPECS).flatMap((spec) =>
    Object.keys(spec.refs).map((path) => path.split('.')[0] as string),
  ),
);

/** Whether an update's values may name a subject (a reference field, or `source`). */
function mayHoldRefs(values: Record<string, unknown>): boolean {
  for (const key in values) if (key === 'source' || REF_FIELDS.has(key)) return true;
  return false;
}

interface RefSpec {
  /** The field that holds the reference (the first step of `path`). */
  field: string;
  path: string;
  steps: string[];
  kinds: readonly SubjectKind[] | undefined;
}

/** Each kind's references, split once: checking them runs for every fact of an import. */
const REFS_OF = new Map<SubjectKind, RefSpec[]>(
  SUBJECT_KINDS.map((kind) => [
    kind,
    Object.entries(SUBJECT_KIND_SPECS[kind].refs).map(([path, kinds]) => ({
      field: path.split('.')[0] as string,
      path,
      steps: path.split('.'),
      kinds,
    })),
  ]),
);

/** Every id a document creates or points at: what to look up in the ledger before planning. */
export function mentionedIds(documents: ScenarioDocument[]): Set<string> {
  const ids = new Set<string>();
  for (const { scenario } of documents) {
    for (const kind of SUBJECT_KINDS) {
      for (const entity of sectionOf(scenario, kind)) {
        ids.add(entity.id as string);
        ids.add(entity.source as string);
        for (const path of Object.keys(SUBJECT_KIND_SPECS[kind].refs))
          for (const ref of valuesAt(entity, path)) ids.add(ref);
      }
    }
    for (const update of scenario.updates ?? []) {
      ids.add(update.subject);
      ids.add(update.source);
      for (const key in update.set) {
        if (!REF_FIELDS.has(key)) continue;
        const v = update.set[key];
        if (typeof v === 'string') ids.add(v);
        else if (Array.isArray(v)) for (const x of v) if (typeof x === 'string') ids.add(x);
      }
    }
  }
  return ids;
}

function sectionOf(scenario: Scenario, kind: SubjectKind): Record<string, unknown>[] {
  return ((scenario as Record<string, unknown>)[SUBJECT_KIND_SPECS[kind].section] ?? []) as Record<
    string,
    unknown
  >[];
}

/** Values of `a.b` in an entity, through arrays: `members.party` → each member's party. */
function valuesAt(entity: unknown, path: string): string[] {
  let current: unknown[] = [entity];
  for (const key of path.split('.')) {
    const next: unknown[] = [];
    for (const c of current) {
      const v =
        c !== null && typeof c === 'object' && !Array.isArray(c)
          ? (c as Record<string, unknown>)[key]
          : undefined;
      if (Array.isArray(v)) next.push(...v);
      else if (v !== undefined) next.push(v);
    }
    current = next;
  }
  return current.filter((v): v is string => typeof v === 'string');
}

function splitMeta(entity: Record<string, unknown>): {
  payload: Record<string, unknown>;
  note: string | undefined;
  assumption: boolean;
  confidence: Confidence;
} {
  const payload: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(entity))
    if (!(META_KEYS as readonly string[]).includes(k)) payload[k] = v;
  return {
    payload,
    note: entity.note as string | undefined,
    assumption: entity.assumption === true,
    confidence: (entity.confidence as Confidence | undefined) ?? 'confirmed',
  };
}

/** Human list of the fields in which two versions of an entity differ. */
export function describeDifference(
  stored: Record<string, unknown>,
  incoming: Record<string, unknown>,
): string {
  const keys = [...new Set([...Object.keys(stored), ...Object.keys(incoming)])].sort();
  const diffs = keys
    .filter((k) => canonicalJson(stored[k]) !== canonicalJson(incoming[k]))
    .map(
      (k) => `${k}: ${canonicalJson(stored[k] ?? null)} → ${canonicalJson(incoming[k] ?? null)}`,
    );
  return diffs.length > 0
    ? diffs.join('; ')
    : 'its note, assumption, confidence, known date or source';
}

const updateSchemas = new Map<SubjectKind, z.ZodObject>();
/** An update may set any field of its subject's kind except the id and the fact meta. */
function updateSchemaFor(kind: SubjectKind): z.ZodObject {
  let schema = updateSchemas.get(kind);
  if (!schema) {
    const omit: Record<string, true> = { id: true };
    for (const k of META_KEYS) if (k in SUBJECT_KIND_SPECS[kind].schema.shape) omit[k] = true;
    schema = SUBJECT_KIND_SPECS[kind].schema.omit(omit).partial().strict();
    updateSchemas.set(kind, schema);
  }
  return schema;
}

/**
 * The schema issues of an update's `set` for a subject of `kind`, or undefined when it fits. Each
 * field is checked on its own first: for a strict, partial object that is the same verdict (no kind
 * refines its whole object — zod's `omit` would refuse one — so a set fits exactly when every key is
 * in the shape and every value fits its field), at a quarter of the cost of the object parse, which
 * walks every field of the shape. Only a set that fails is parsed whole, for zod's exact issues.
 * A test holds the two verdicts equal.
 */
export function updateSetIssues(
  kind: SubjectKind,
  set: Record<string, unknown>,
): z.core.$ZodIssue[] | undefined {
  const schema = updateSchemaFor(kind);
  const shape = schema.shape;
  for (const key in set) {
    const field = Object.hasOwn(shape, key) ? shape[key] : undefined;
    if (field === undefined || !field.safeParse(set[key]).success) {
      const parsed = schema.safeParse(set);
      return parsed.success ? undefined : parsed.error.issues;
    }
  }
  return undefined;
}

/**
 * Turn validated scenario documents into ledger facts, checking what a schema alone cannot: ids unique
 * across kinds and files, every reference resolvable (in the documents or the ledger), an id that exists
 * with different content is a conflict, updates fit their subject's kind and are not dated before it.
 * Pure: the caller passes what the ledger already holds about the mentioned ids.
 */
export function planFacts(options: {
  documents: ScenarioDocument[];
  existing: Map<string, ExistingSubject>;
  sha256: Hasher;
}): FactPlan {
  const { documents, existing, sha256 } = options;
  const issues: PlanIssue[] = [];
  const facts: Fact[] = [];
  const subjects = new Map<string, KnownSubject>();
  for (const [id, s] of existing) subjects.set(id, { ...s, where: 'the ledger' });

  // Sources first: every other fact's default known time is its source's publication date.
  const published = new Map<string, string>();
  for (const [id, s] of existing)
    if (s.kind === 'source') published.set(id, toDateValue(s.payload.published as DateInput).end);
  for (const { scenario } of documents) {
    for (const source of scenario.sources ?? [])
      published.set(source.id, toDateValue(source.published).end);
  }

  const knownOf = (entity: {
    known?: DateInput | undefined;
    source: string;
  }): string | undefined =>
    entity.known !== undefined ? toDateValue(entity.known).end : published.get(entity.source);

  // Creates, kind by kind.
  for (const { file, scenario } of documents) {
    for (const kind of SUBJECT_KINDS) {
      const spec = SUBJECT_KIND_SPECS[kind];
      sectionOf(scenario, kind).forEach((entity, index) => {
        const path = [spec.section, index];
        const id = entity.id as string;
        const sourceId = kind === 'source' ? id : (entity.source as string);
        const known = knownOf({ known: entity.known as DateInput | undefined, source: sourceId });
        if (known === undefined) {
          issues.push({ file, path: [...path, 'source'], message: `unknown source "${sourceId}"` });
          return;
        }
        const validDate: DateValue = spec.validField
          ? toDateValue(entity[spec.validField] as DateInput)
          : ALWAYS;
        const { payload, note, assumption, confidence } = splitMeta(entity);
        const content: FactContent = {
          kind,
          subject: id,
          op: 'create',
          validText: validDate.text,
          valid: validDate.end,
          known,
          source: sourceId,
          payload,
          note,
          assumption,
          confidence,
        };
        const fact = withFactKey(content, sha256);
        const prior = subjects.get(id);
        if (prior) {
          if (prior.factKey === fact.factKey) {
            // The same fact again is idempotent: the ledger skips it (and counts it as already there).
            if (existing.has(id) && prior.where === 'the ledger') facts.push(fact);
            return;
          }
          const what =
            prior.kind === kind
              ? `different content (${describeDifference(prior.payload, payload)})`
              : `a ${prior.kind}`;
          issues.push({
            file,
            path: [...path, 'id'],
            message: `id "${id}" already exists in ${prior.where} as ${what}; add an update instead of changing it`,
          });
          return;
        }
        subjects.set(id, {
          kind,
          valid: fact.valid,
          factKey: fact.factKey,
          payload,
          where: `${file} (${spec.section}[${index}])`,
        });
        facts.push(fact);
      });
    }
  }

  const checkRefs = (ctx: {
    file: string;
    /** The path of `values` in the file (built only when there is an issue to report). */
    path: () => (string | number)[];
    kind: SubjectKind;
    values: Record<string, unknown>;
  }) => {
    for (const ref of REFS_OF.get(ctx.kind) ?? []) {
      if (!(ref.field in ctx.values)) continue;
      for (const id of valuesAt(ctx.values, ref.path)) {
        const target = subjects.get(id);
        if (target && (!ref.kinds || ref.kinds.includes(target.kind))) continue;
        issues.push({
          file: ctx.file,
          path: [...ctx.path(), ...ref.steps],
          message: !target
            ? `unknown ${ref.kinds?.join(' or ') ?? 'subject'} "${id}"`
            : `"${id}" is a ${target.kind}, expected a ${(ref.kinds ?? []).join(' or ')}`,
        });
      }
    }
    if (ctx.values.source !== undefined && ctx.kind !== 'source') {
      const source = subjects.get(ctx.values.source as string);
      if (source && source.kind !== 'source') {
        issues.push({
          file: ctx.file,
          path: [...ctx.path(), 'source'],
          message: `"${String(ctx.values.source)}" is a ${source.kind}, not a source`,
        });
      }
    }
  };

  for (const { file, scenario } of documents) {
    for (const kind of SUBJECT_KINDS) {
      const spec = SUBJECT_KIND_SPECS[kind];
      sectionOf(scenario, kind).forEach((entity, index) =>
        checkRefs({ file, path: () => [spec.section, index], kind, values: entity }),
      );
    }
    const updates = scenario.updates ?? [];
    for (let index = 0; index < updates.length; index += 1) {
      const fact = planUpdate(file, updates[index] as Update, index);
      if (fact) facts.push(fact);
    }
  }

  /** An update's fact, or undefined with its issues recorded. Runs once per update: no garbage. */
  function planUpdate(file: string, update: Update, index: number): Fact | undefined {
    const target = subjects.get(update.subject);
    if (!target) {
      issues.push({
        file,
        path: ['updates', index, 'subject'],
        message: `unknown subject "${update.subject}"`,
      });
      return undefined;
    }
    const source = subjects.get(update.source);
    const known = knownOf(update);
    if (!source || source.kind !== 'source' || known === undefined) {
      issues.push({
        file,
        path: ['updates', index, 'source'],
        message: `unknown source "${update.source}"`,
      });
      return undefined;
    }
    const setIssues = updateSetIssues(target.kind, update.set);
    if (setIssues !== undefined) {
      for (const issue of setIssues) {
        issues.push({
          file,
          path: ['updates', index, 'set', ...(issue.path as (string | number)[])],
          message: `${issue.message} (for a ${target.kind})`,
        });
      }
      return undefined;
    }
    const at = toDateValue(update.at);
    if (at.end < target.valid) {
      issues.push({
        file,
        path: ['updates', index, 'at'],
        message: `${at.text} is before ${update.subject} exists (its record counts from ${target.valid})`,
      });
      return undefined;
    }
    if (mayHoldRefs(update.set))
      checkRefs({
        file,
        path: () => ['updates', index, 'set'],
        kind: target.kind,
        values: update.set,
      });
    // Only the store reads an update's text and key: computed then, they die young.
    return withDeferredFactKey(
      {
        kind: target.kind,
        subject: update.subject,
        op: 'update',
        validText: at.text,
        valid: at.end,
        known,
        source: update.source,
        payload: update.set,
        note: update.note,
        assumption: update.assumption === true,
        confidence: update.confidence ?? 'confirmed',
      },
      sha256,
    );
  }

  return issues.length > 0 ? { ok: false, issues } : { ok: true, facts };
}
