/**
 * Planner benchmark (issue 4): `npm run bench -- planner [--sizes 200,1000,3000] [--seeds 1,2,3,4,5]
 * [--limit 30] [--glpk-limit 60] [--no-glpk] [--tuning JSON]`. Seeded instances of S sites × 6 years with a fixed
 * 10 GW target; for each size and seed: model size, build time and hand-over time (HiGHS
 * `createModel`, reported apart from the solve it is part of), HiGHS to 1% gap (everything from
 * instance to plan) with the planner's tuning and with HiGHS's defaults (interleaved, alternating
 * which goes first), HiGHS to 0.01% (with a limit), GLPK (glpk.js) on the identical model to 1%
 * (its plan re-checked like HiGHS's, its objective set against HiGHS's proven bound), and the greedy
 * heuristic; then per size the GLPK ÷ HiGHS ratios over the seeds. Both solvers are warmed on the
 * same small instance first, and both are timed from handing the model over (HiGHS `createModel`,
 * glpk.js `solve` on its JSON) to having the solution back. The first, cold solve (a fresh worker
 * compiling the WebAssembly) is reported apart.
 */
import GLPK, { type LP } from 'glpk.js/node';
import { evaluatePlan } from '../src/planner/evaluate-plan.js';
import { greedyPlan } from '../src/planner/greedy-plan.js';
import type { MilpModel } from '../src/planner/milp-model.js';
import type { SolverOptions } from '../src/planner/milp-solver.js';
import {
  buildPlanModel,
  decisionsFromSolution,
  USD_PER_MODEL_UNIT,
} from '../src/planner/plan-model.js';
import { randomInstance } from '../src/planner/random-instance.js';
import { HighsSolver } from '../src/solver/highs-solver.js';
import { HIGHS_PLANNER_TUNING, type HighsTuning } from '../src/solver/highs-tuning.js';
import { WorkerSolver } from '../src/solver/worker-solver.js';

function arg(args: string[], name: string, fallback: string): string {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? (args[i + 1] as string) : fallback;
}
const ms = (from: number) => performance.now() - from;
const fmt = (n: number, d = 2) => n.toFixed(d);

/** The identical model in glpk.js's JSON form. */
function toGlpk(model: MilpModel, glpk: Awaited<ReturnType<typeof GLPK>>): LP {
  const name = (j: number) => `x${j}`;
  const subjectTo: LP['subjectTo'] = [];
  for (let i = 0; i < model.numRows; i += 1) {
    const vars = [];
    for (let k = model.starts[i] as number; k < (model.starts[i + 1] as number); k += 1)
      vars.push({ name: name(model.indices[k] as number), coef: model.values[k] as number });
    const lo = model.rowLower[i] as number;
    const up = model.rowUpper[i] as number;
    const type =
      lo === up
        ? glpk.GLP_FX
        : lo === -Infinity
          ? glpk.GLP_UP
          : up === Infinity
            ? glpk.GLP_LO
            : glpk.GLP_DB;
    subjectTo.push({
      name: `r${i}`,
      vars,
      bnds: { type, lb: Number.isFinite(lo) ? lo : 0, ub: Number.isFinite(up) ? up : 0 },
    });
  }
  const vars = [];
  const bounds: NonNullable<LP['bounds']> = [];
  const generals: string[] = [];
  for (let j = 0; j < model.numCols; j += 1) {
    vars.push({ name: name(j), coef: model.colCost[j] as number });
    const lo = model.colLower[j] as number;
    const up = model.colUpper[j] as number;
    bounds.push({
      name: name(j),
      type: up === Infinity ? glpk.GLP_LO : glpk.GLP_DB,
      lb: lo,
      ub: Number.isFinite(up) ? up : 0,
    });
    if (model.integrality[j] === 1) generals.push(name(j));
  }
  return {
    name: 'plan',
    objective: { direction: glpk.GLP_MIN, name: 'cost', vars },
    subjectTo,
    bounds,
    generals,
  };
}

export async function runPlannerBench(args: string[]): Promise<void> {
  const sizes = arg(args, 'sizes', '200,1000,3000').split(',').map(Number);
  const seeds = arg(args, 'seeds', arg(args, 'seed', '1,2,3,4,5'))
    .split(',')
    .map(Number);
  const seed = seeds[0] ?? 1;
  const limit = Number(arg(args, 'limit', '30'));
  const glpkLimit = Number(arg(args, 'glpk-limit', '60'));
  const withGlpk = !args.includes('--no-glpk');
  // Another tuning in place of the planner's, to measure a candidate with this same command.
  const isOtherTuning = args.includes('--tuning');
  const tuning: HighsTuning = isOtherTuning
    ? JSON.parse(arg(args, 'tuning', '{}'))
    : HIGHS_PLANNER_TUNING;
  const options = (gap: number): SolverOptions => ({
    timeLimitSeconds: limit,
    mipRelGap: gap,
    threads: 1,
    seed: 0,
  });

  // Cold: a fresh worker compiles HiGHS, then solves the smallest instance; warm: the same again.
  {
    const started = performance.now();
    const worker = await WorkerSolver.start();
    const startMs = ms(started);
    const { model } = buildPlanModel(randomInstance({ sites: sizes[0] ?? 200, seed }));
    const cold = await worker.solve(model, options(0.01));
    const coldTotal = ms(started);
    const warmStart = performance.now();
    const warm = await worker.solve(model, options(0.01));
    const warmTotal = ms(warmStart);
    await worker.close();
    console.log(
      `cold: worker start + WebAssembly load ${fmt(startMs / 1000)} s (load inside the worker ${fmt(worker.loadSeconds)} s); ` +
        `first solve S=${sizes[0]} to 1% ${fmt(cold.seconds)} s; cold total ${fmt(coldTotal / 1000)} s. ` +
        `warm: same solve ${fmt(warm.seconds)} s (${fmt(warmTotal / 1000)} s with messaging)`,
    );
  }

  const highs = await HighsSolver.load({ tuning });
  const highsDefaults = await HighsSolver.load({ tuning: {} });
  const glpk = withGlpk ? await GLPK() : undefined;
  const solveGlpk = (model: MilpModel) => {
    if (!glpk) return undefined;
    const lp = toGlpk(model, glpk);
    const s0 = performance.now();
    const result = glpk.solve(lp, {
      msglev: glpk.GLP_MSG_OFF,
      presol: true,
      mipgap: 0.01,
      tmlim: glpkLimit,
    });
    const seconds = ms(s0) / 1000;
    const colValue = new Float64Array(model.numCols);
    for (let j = 0; j < model.numCols; j += 1) colValue[j] = result.result.vars[`x${j}`] ?? 0;
    // GLPK stops at the gap tolerance with status "feasible"; only running into the time limit
    // means it did not reach 1%.
    const feasible =
      result.result.status === glpk.GLP_OPT || result.result.status === glpk.GLP_FEAS;
    return {
      seconds,
      reached: feasible && seconds < glpkLimit * 0.99,
      feasible,
      status: result.result.status,
      objective: result.result.z,
      colValue,
    };
  };
  // Warm every solver's JIT on the same small instance so that the first size penalises none.
  {
    const { model } = buildPlanModel(randomInstance({ sites: 50, seed: seed + 1000 }));
    await highs.solve(model, options(0.01));
    await highsDefaults.solve(model, options(0.01));
    solveGlpk(model);
  }

  console.log(
    `\nHiGHS tuning: ${JSON.stringify(tuning)}${isOtherTuning ? " (--tuning, not the planner's)" : ''}; "defaults": none.` +
      '\nS | seed | vars | int | rows | build ms, hand-over ms | HiGHS to 1%: solve s (hand-over excluded), instance to plan s, (build + hand-over) ÷ solve | HiGHS defaults to 1% s | to 0.01%: status, s, gap | objective $B | GLPK to 1%: status, s, its gap to the proven bound, check | GLPK ÷ HiGHS, GLPK ÷ HiGHS defaults | greedy $B, MILP better by',
  );
  const ratio = (glpkSeconds: number, highsSeconds: number, reached: boolean) =>
    `${reached ? '' : '> '}${fmt(glpkSeconds / highsSeconds, 1)}×`;
  for (const S of sizes) {
    const ratios: { tuned: number; defaults: number; reached: boolean }[] = [];
    const shares: number[] = [];
    for (const [index, seedHere] of seeds.entries()) {
      const t0 = performance.now();
      const instance = randomInstance({ sites: S, seed: seedHere });
      const t1 = performance.now();
      const { model, layout } = buildPlanModel(instance);
      const buildMs = ms(t1);
      // Alternate which HiGHS goes first, so that neither always follows the other's garbage.
      let to1;
      let toDefaults;
      if (index % 2 === 0) {
        to1 = await highs.solve(model, options(0.01));
        toDefaults = await highsDefaults.solve(model, options(0.01));
      } else {
        toDefaults = await highsDefaults.solve(model, options(0.01));
        to1 = await highs.solve(model, options(0.01));
      }
      const e0 = performance.now();
      const plan1 = evaluatePlan(
        instance,
        decisionsFromSolution(instance, layout, to1.colValue as Float64Array),
      );
      // Instance to plan: generate, build, solve (tuned) and read back, without the other solves.
      const total1 = (t1 - t0 + buildMs + ms(e0)) / 1000 + to1.seconds;
      // Issue 4: model build and hand-over to the solver against the solve itself.
      const handOverMs = (to1.handOverSeconds ?? 0) * 1000;
      const runSeconds = to1.seconds - handOverMs / 1000;
      const share = (buildMs + handOverMs) / 1000 / runSeconds;
      shares.push(share);
      const opt = await highs.solve(model, options(1e-4));
      const objective = (opt.objective ?? NaN) * USD_PER_MODEL_UNIT;
      const g0 = performance.now();
      const greedy = evaluatePlan(instance, greedyPlan(instance));
      const greedyMs = ms(g0);
      let glpkCell = 'skipped';
      let ratioCell = '–';
      const g = solveGlpk(model);
      if (g) {
        const status = g.reached
          ? 'reached 1%'
          : g.feasible
            ? 'time limit, 1% not reached'
            : `status ${g.status}`;
        const bound = opt.bound ?? NaN;
        const gapToBound = g.feasible
          ? `${fmt((100 * (g.objective - bound)) / g.objective, 3)}%`
          : '–';
        const glpkPlan = g.feasible
          ? evaluatePlan(instance, decisionsFromSolution(instance, layout, g.colValue))
          : undefined;
        const check = glpkPlan
          ? glpkPlan.violations.length === 0
            ? 'plan checks'
            : `${glpkPlan.violations.length} violations (${glpkPlan.violations[0]})`
          : '–';
        glpkCell = `${status}, ${fmt(g.seconds)} s, ${gapToBound}, ${check}`;
        ratioCell = `${ratio(g.seconds, to1.seconds, g.reached)}, ${ratio(g.seconds, toDefaults.seconds, g.reached)}`;
        ratios.push({
          tuned: g.seconds / to1.seconds,
          defaults: g.seconds / toDefaults.seconds,
          reached: g.reached,
        });
      }
      console.log(
        [
          S,
          seedHere,
          model.numCols,
          model.integrality.reduce((n, v) => n + v, 0),
          model.numRows,
          `${fmt(buildMs, 1)}, ${fmt(handOverMs, 1)}`,
          `${fmt(runSeconds)}, ${fmt(total1)}, ${fmt(100 * share, 1)}%`,
          fmt(toDefaults.seconds),
          `${opt.status}, ${fmt(opt.seconds)}, ${opt.gap === undefined ? '–' : `${fmt(opt.gap * 100, 3)}%`}`,
          fmt(objective / 1e9, 2),
          glpkCell,
          ratioCell,
          `${fmt(greedy.cost.totalUsd / 1e9, 2)} (${fmt(greedyMs, 0)} ms), ${fmt(100 * (1 - objective / greedy.cost.totalUsd), 1)}%`,
        ].join(' | '),
      );
      if (plan1.violations.length > 0)
        console.log(`  check: ${plan1.violations.slice(0, 3).join('; ')}`);
    }
    console.log(
      `S=${S}: (build + hand-over) ÷ solve at most ${fmt(100 * Math.max(...shares), 1)}% over the seeds.`,
    );
    if (ratios.length > 0) {
      const summary = (pick: (r: (typeof ratios)[number]) => number) => {
        const sorted = ratios.map(pick).sort((a, b) => a - b);
        const wins = sorted.filter((r) => r > 1).length;
        const median = sorted[Math.floor((sorted.length - 1) / 2)] as number;
        return `HiGHS faster on ${wins} of ${sorted.length} seeds; GLPK ÷ HiGHS min ${fmt(sorted[0] as number, 2)}×, median ${fmt(median, 2)}×, max ${fmt(sorted[sorted.length - 1] as number, 2)}×`;
      };
      console.log(
        `S=${S}: tuned: ${summary((r) => r.tuned)}. defaults: ${summary((r) => r.defaults)}.` +
          (ratios.some((r) => !r.reached)
            ? ' (GLPK hit its time limit on some seeds: lower bounds)'
            : ''),
      );
    }
  }
}
