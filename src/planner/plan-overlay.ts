import { StargateError } from '../errors.js';
import { parsePlainDate } from '../model/dates.js';
import { MEMBER_PLAN_ROLES, type MemberPlanRole, type PlanInstance } from './plan-instance.js';

/** One overlay setting: `key=value` from `--set`, an overlay file or a shipped what-if. */
export interface OverlayEntry {
  key: string;
  value: string | number | boolean;
  /** Where it came from, for messages: `--set`, a file, a what-if's id. */
  from: string;
}

/** The keys an overlay may set, for the error that lists them. */
export const OVERLAY_KEYS = [
  'decision.<id>.resolves=<date>',
  'member.<party>.role=builder|investor-only',
  'member.<party>.capital_scale=<factor>',
  'lease.<offer or provider>.max_mw=<MW>',
  'lease.<offer or provider>.usd_per_mw_year=<USD>',
  'candidate.<candidate or site>.max_mw=<MW>',
  'candidate.<candidate or site>.opening_cost_usd=<USD>',
  'limit.<id>.mw=<MW>',
  'limit.<id>.scale=<factor>',
  'target.<year>=<MW>',
  'plan.discount_rate | plan.block_mw | plan.shortfall_penalty_usd_per_mw_year | plan.load_factor=<number>',
] as const;

/** Parse `key=value` as given on the command line. */
export function parseOverlayArgument(text: string, from = '--set'): OverlayEntry {
  const eq = text.indexOf('=');
  if (eq <= 0)
    throw new StargateError(
      'usage',
      `${from} "${text}": expected key=value, e.g. lease.oracle.max_mw=0`,
    );
  return { key: text.slice(0, eq).trim(), value: text.slice(eq + 1).trim(), from };
}

function fail(entry: OverlayEntry, problem: string): never {
  throw new StargateError('invalid-input', `${entry.from} ${entry.key}: ${problem}`, {
    where: entry.key,
  });
}

function numberOf(entry: OverlayEntry, options: { min?: number } = {}): number {
  const n = typeof entry.value === 'number' ? entry.value : Number(entry.value);
  if (typeof entry.value === 'boolean' || !Number.isFinite(n) || String(entry.value).trim() === '')
    fail(entry, `expected a number, got "${String(entry.value)}"`);
  if (options.min !== undefined && n < options.min)
    fail(entry, `${n} is below ${options.min}${options.min === 0 ? ' (a negative quantity)' : ''}`);
  return n;
}

function noSuch(entry: OverlayEntry, what: string, known: readonly string[]): never {
  fail(entry, `names no ${what}${known.length > 0 ? ` (known: ${known.join(', ')})` : ''}`);
}

/**
 * Apply overlay entries to an instance, in order, returning a new instance. A key that names
 * nothing — an unknown form, or an id the inputs do not hold — is an error naming the key, so a
 * typo never silently leaves the base case in place.
 */
export function applyOverlay(base: PlanInstance, entries: readonly OverlayEntry[]): PlanInstance {
  const instance = structuredClone(base);
  for (const entry of entries) {
    const parts = entry.key.split('.');
    const head = parts[0] ?? '';
    const field = parts[parts.length - 1] as string;
    const name = parts.slice(1, -1).join('.');
    switch (head) {
      case 'decision': {
        const gate = instance.decisions.find((d) => d.id === name);
        if (!gate || field !== 'resolves')
          if (!gate)
            noSuch(
              entry,
              'open decision that candidates wait on',
              instance.decisions.map((d) => d.id),
            );
          else fail(entry, 'a decision takes only .resolves');
        const date = parsePlainDate(String(entry.value));
        if (typeof date === 'string') fail(entry, date);
        gate.resolves = date.end;
        gate.basis = 'overlay';
        break;
      }
      case 'member': {
        const member = instance.members.find((m) => m.party === name);
        if (!member)
          noSuch(
            entry,
            'member with capital',
            instance.members.map((m) => m.party),
          );
        if (field === 'role') {
          const role = String(entry.value);
          if (!(MEMBER_PLAN_ROLES as readonly string[]).includes(role))
            fail(entry, `expected ${MEMBER_PLAN_ROLES.join(' or ')}, got "${role}"`);
          member.role = role as MemberPlanRole;
        } else if (field === 'capital_scale') {
          const k = numberOf(entry, { min: 0 });
          member.capitalUsd = member.capitalUsd.map((v) => v * k);
        } else fail(entry, 'a member takes .role or .capital_scale');
        break;
      }
      case 'lease': {
        const leases = instance.leases.filter((l) => l.id === name || l.provider === name);
        if (leases.length === 0)
          noSuch(entry, 'lease offer or provider', [
            ...new Set(instance.leases.flatMap((l) => [l.id, l.provider])),
          ]);
        const v = numberOf(entry, { min: 0 });
        for (const lease of leases)
          if (field === 'max_mw') lease.maxMw = lease.maxMw.map((mw) => Math.min(mw, v));
          else if (field === 'usd_per_mw_year') lease.usdPerMwYear = v;
          else fail(entry, 'a lease takes .max_mw or .usd_per_mw_year');
        break;
      }
      case 'candidate': {
        const sites = instance.sites.filter((s) => s.id === name || s.site === name);
        if (sites.length === 0)
          noSuch(
            entry,
            'candidate or site',
            instance.sites.map((s) => s.id),
          );
        const v = numberOf(entry);
        for (const site of sites)
          if (field === 'max_mw') {
            if (v < 0) fail(entry, `a site cannot have negative capacity (${v} MW)`);
            site.powerMw = site.powerMw.map((mw) => Math.min(mw, v));
          } else if (field === 'opening_cost_usd')
            site.openingCostUsd = numberOf(entry, { min: 0 });
          else fail(entry, 'a candidate takes .max_mw or .opening_cost_usd');
        break;
      }
      case 'limit': {
        const limit = instance.limits.find((l) => l.id === name);
        if (!limit)
          noSuch(
            entry,
            'build limit',
            instance.limits.map((l) => l.id),
          );
        const v = numberOf(entry, { min: 0 });
        if (field === 'mw') limit.mw = limit.mw.map(() => v);
        else if (field === 'scale')
          limit.mw = limit.mw.map((mw) => (mw === undefined ? mw : mw * v));
        else fail(entry, 'a limit takes .mw or .scale');
        break;
      }
      case 'target': {
        const t = instance.years.indexOf(Number(field));
        if (parts.length !== 2 || t < 0)
          fail(entry, `expected target.<year> with a plan year (${instance.years.join(', ')})`);
        instance.targetMw[t] = numberOf(entry, { min: 0 });
        break;
      }
      case 'plan': {
        if (parts.length !== 2) fail(entry, 'expected plan.<setting>');
        if (field === 'discount_rate') instance.discountRate = numberOf(entry, { min: 0 });
        else if (field === 'block_mw') instance.blockMw = numberOf(entry, { min: 1 });
        else if (field === 'shortfall_penalty_usd_per_mw_year')
          instance.shortfallPenaltyUsdPerMwYear = numberOf(entry, { min: 1 });
        else if (field === 'load_factor') instance.loadFactor = numberOf(entry, { min: 0 });
        else
          fail(
            entry,
            'plan takes discount_rate, block_mw, shortfall_penalty_usd_per_mw_year or load_factor',
          );
        break;
      }
      default:
        fail(entry, `names nothing; keys are ${OVERLAY_KEYS.join('; ')}`);
    }
  }
  return instance;
}
