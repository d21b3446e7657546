import { StargateError } from '../errors.js';
import { parseViewDate } from '../model/dates.js';
import { RiskReference, SHOCKS, STAGES, type Shock, type Stage } from './reference.js';

/** A what-if on the risk model: `--set KEY=VALUE`. */
export interface RiskSetting {
  key: string;
  value: string;
}

/** Parse `KEY=VALUE` as given to `--set` (or an API run's `set`, named by `from`). */
export function parseRiskSetting(text: string, from = '--set'): RiskSetting {
  const eq = text.indexOf('=');
  if (eq <= 0)
    throw new StargateError('usage', `${from}: expected KEY=VALUE, got "${text}"`, { where: from });
  return { key: text.slice(0, eq), value: text.slice(eq + 1) };
}

export interface RiskOverlay {
  reference: RiskReference;
  /** Decisions whose resolution is fixed: id → ISO day. */
  resolves: Map<string, string>;
  /** `decisions=none`: every open decision taken as resolved at V. */
  noDecisions: boolean;
}

export type OverlayOutcome = { ok: true; overlay: RiskOverlay } | { ok: false; message: string };

const KEYS = `stage.<${STAGES.join('|')}>.<min|mode|max|median|sigma|scale>, shock.<${SHOCKS.join('|')}>.<strength|sigma|late_probability|drop_probability>, decision.<id>.resolves=YYYY-MM-DD, decisions=none, horizon_years`;

/**
 * Apply `--set` what-ifs to the reference data, then validate the result as a whole: a setting that
 * makes a distribution impossible (min above mode) or a strength leave [0, 1] is refused with the
 * setting named. `decision.<id>` must name an open decision (`decisionIds`).
 */
export function applyRiskSettings(options: {
  reference: RiskReference;
  settings: readonly RiskSetting[];
  decisionIds: ReadonlySet<string>;
}): OverlayOutcome {
  const ref = structuredClone(options.reference) as RiskReference;
  const resolves = new Map<string, string>();
  let noDecisions = false;
  for (const { key, value } of options.settings) {
    const parts = key.split('.');
    const num = Number(value);
    const needNumber = () =>
      Number.isFinite(num) ? undefined : `--set ${key}: expected a number, got "${value}"`;
    if (key === 'decisions') {
      if (value !== 'none')
        return { ok: false, message: `--set decisions: only "none" is allowed, got "${value}"` };
      noDecisions = true;
    } else if (key === 'horizon_years') {
      const bad = needNumber();
      if (bad) return { ok: false, message: bad };
      ref.horizon_years = num;
    } else if (parts[0] === 'stage' && parts.length === 3) {
      const stage = parts[1] as Stage;
      if (!(STAGES as readonly string[]).includes(stage))
        return {
          ok: false,
          message: `--set ${key}: no stage "${parts[1]}" (stages: ${STAGES.join(', ')})`,
        };
      const bad = needNumber();
      if (bad) return { ok: false, message: bad };
      const d = ref.stages[stage].duration as Record<string, unknown>;
      const field = parts[2] as string;
      if (field === 'scale') {
        for (const f of ['min', 'mode', 'max', 'median'] as const)
          if (typeof d[f] === 'number') d[f] = (d[f] as number) * num;
      } else if (field in d && field !== 'kind') d[field] = num;
      else
        return {
          ok: false,
          message: `--set ${key}: the ${stage} duration (${String(d.kind)}) has no "${field}" (has ${Object.keys(
            d,
          )
            .filter((k) => k !== 'kind')
            .join(', ')}, or scale)`,
        };
    } else if (parts[0] === 'shock' && parts.length === 3) {
      const shock = parts[1] as Shock;
      if (!(SHOCKS as readonly string[]).includes(shock))
        return {
          ok: false,
          message: `--set ${key}: no shock "${parts[1]}" (shocks: ${SHOCKS.join(', ')})`,
        };
      const bad = needNumber();
      if (bad) return { ok: false, message: bad };
      const s = ref.shocks[shock] as Record<string, unknown>;
      const field = parts[2] as string;
      if (typeof s[field] !== 'number')
        return { ok: false, message: `--set ${key}: the ${shock} shock has no number "${field}"` };
      s[field] = num;
    } else if (parts[0] === 'decision' && parts.length === 3 && parts[2] === 'resolves') {
      const id = parts[1] as string;
      if (!options.decisionIds.has(id))
        return {
          ok: false,
          message: `--set ${key}: "${id}" is not an open decision (open: ${[...options.decisionIds].join(', ') || 'none'})`,
        };
      const day = parseViewDate(value);
      if (day === undefined)
        return { ok: false, message: `--set ${key}: expected a date YYYY-MM-DD, got "${value}"` };
      resolves.set(id, day);
    } else return { ok: false, message: `--set ${key}: unknown setting (settings: ${KEYS})` };
  }
  const checked = RiskReference.safeParse(ref);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    return {
      ok: false,
      message: `--set makes the reference invalid at ${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}`,
    };
  }
  return { ok: true, overlay: { reference: checked.data, resolves, noDecisions } };
}
