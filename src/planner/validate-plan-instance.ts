import { StargateError } from '../errors.js';
import type { PlanInstance } from './plan-instance.js';

function fail(where: string, problem: string): never {
  throw new StargateError('invalid-input', `${where}: ${problem}`, { where });
}

/**
 * Refuse inputs no plan can honestly be built from, naming the place: a target path that
 * decreases, negative or shrinking site capacity, negative offers, capital or limits, nonsense
 * settings. (Capital from a party that is not a member is refused when the inputs are read.)
 */
export function validatePlanInstance(instance: PlanInstance): void {
  const { years } = instance;
  instance.targetMw.forEach((mw, t) => {
    const before = instance.targetMw[t - 1];
    if (mw < 0) fail(`target ${years[t]}`, `negative target ${mw} MW`);
    if (before !== undefined && mw < before)
      fail(
        `target ${years[t]}`,
        `the target path decreases from ${before} MW in ${years[t - 1]} to ${mw} MW`,
      );
  });
  for (const site of instance.sites)
    site.powerMw.forEach((mw, t) => {
      const before = site.powerMw[t - 1];
      if (mw < 0) fail(`candidate ${site.id} ${years[t]}`, `negative capacity ${mw} MW`);
      if (before !== undefined && mw < before)
        fail(
          `candidate ${site.id} ${years[t]}`,
          `energisable MW is cumulative, yet falls from ${before} to ${mw}`,
        );
      if (site.pue < 1) fail(`candidate ${site.id}`, `PUE ${site.pue} is below 1`);
    });
  for (const lease of instance.leases)
    lease.maxMw.forEach((mw, t) => {
      if (mw < 0) fail(`lease offer ${lease.id} ${years[t]}`, `negative capacity ${mw} MW`);
    });
  for (const member of instance.members)
    member.capitalUsd.forEach((usd, t) => {
      if (usd < 0) fail(`member ${member.party} ${years[t]}`, `negative capital ${usd} USD`);
    });
  for (const limit of instance.limits)
    limit.mw.forEach((mw, t) => {
      if (mw !== undefined && mw < 0)
        fail(`build limit ${limit.id} ${years[t]}`, `negative limit ${mw} MW`);
    });
  if (!(instance.blockMw > 0)) fail('plan.block_mw', `must be positive, got ${instance.blockMw}`);
  if (!(instance.discountRate >= 0 && instance.discountRate < 1))
    fail('plan.discount_rate', `expected 0 ≤ rate < 1, got ${instance.discountRate}`);
  if (!(instance.shortfallPenaltyUsdPerMwYear > 0))
    fail('plan.shortfall_penalty_usd_per_mw_year', 'must be positive');
}
