import { fileURLToPath } from 'node:url';

/**
 * The files shipped with the package, found from this module (`src/app` or `dist/app`: both sit two
 * levels under the package root, beside `scenarios/`).
 */
const bundled = (name: string) =>
  fileURLToPath(new URL(`../../scenarios/${name}`, import.meta.url));

/** The Stargate scenario that `start` seeds. */
export const BUNDLED_SCENARIO = bundled('stargate.yaml');
/** The planner's inputs for the bundled scenario, seeded with it. */
export const BUNDLED_PLANNING = bundled('stargate-planning.yaml');
/** The risk model's reference data (stage durations, shocks), with their sources. */
export const BUNDLED_RISK_REFERENCE = bundled('risk-reference.yaml');
/** How a run names the bundled reference file. */
export const BUNDLED_RISK_REFERENCE_NAME = 'scenarios/risk-reference.yaml';
