import type { PlanEvaluation } from './evaluate-plan.js';
import type { PlanDecisions } from './plan-decisions.js';
import { siteCapacityMw, openingIndex, type PlanInstance } from './plan-instance.js';
import type { PlanBody } from './plan-run.js';

/** The readable plan: builds, openings and leases as lists, with the evaluation's figures. */
export function planBody(
  instance: PlanInstance,
  decisions: PlanDecisions,
  evaluation: PlanEvaluation,
): Omit<PlanBody, 'greedy'> {
  const { years, blockMw } = instance;
  const builds: PlanBody['builds'] = [];
  const sitesOpened: PlanBody['sitesOpened'] = [];
  instance.sites.forEach((site, s) => {
    let mw = 0;
    years.forEach((year, t) => {
      const blocks = decisions.blocks[s]?.[t] ?? 0;
      if (blocks <= 0) return;
      mw += blocks * blockMw;
      builds.push({
        candidate: site.id,
        site: site.site,
        region: site.region,
        year,
        blocks,
        mw: blocks * blockMw,
      });
    });
    if (decisions.open[s])
      sitesOpened.push({
        candidate: site.id,
        region: site.region,
        mw,
        firstYear: years[openingIndex(siteCapacityMw(instance, site)) ?? 0] as number,
      });
  });
  const leases: PlanBody['leases'] = [];
  instance.leases.forEach((lease, k) =>
    years.forEach((year, t) => {
      const mw = decisions.leaseMw[k]?.[t] ?? 0;
      if (mw > 1e-6)
        leases.push({
          offer: lease.id,
          provider: lease.provider,
          year,
          mw,
          usd: mw * lease.usdPerMwYear,
        });
    }),
  );
  const byYear = evaluation.capacity.map((c) => ({ year: c.year, mw: c.shortfallMw }));
  return {
    capacity: evaluation.capacity,
    builds,
    sitesOpened,
    leases,
    spend: evaluation.spend,
    cost: evaluation.cost,
    shortfall: {
      mwYears: evaluation.shortfallMwYears,
      byYear,
      lastYearMw: byYear[byYear.length - 1]?.mw ?? 0,
    },
    check: { ok: evaluation.violations.length === 0, violations: evaluation.violations },
  };
}
