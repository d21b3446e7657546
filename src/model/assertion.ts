import { z } from 'zod';
import { DateInput } from './date-input.js';
import { Id } from './fact-meta.js';
import { FACILITY_STAGES } from './facility.js';
import { CAPITAL_STAGES, PLEDGE_METRICS } from './pledge.js';

export const COMPARISONS = ['>=', '>', '<=', '<', '='] as const;
export type Comparison = (typeof COMPARISONS)[number];

/** Whose figure an assertion is about: the program as a whole, under the attribution policy. */
export const ASSERTION_SCOPES = ['jointly'] as const;

const reading = {
  note: z.string().optional().meta({ description: 'How the quote is read as this assertion.' }),
  assumption: z
    .boolean()
    .optional()
    .meta({ description: 'true: the reading is ours, not the speaker’s words.' }),
};

/**
 * What a claim asserts, in a form the ledger can check. `level`: a figure compared with a value
 * ("building 10 GW together": capacity_mw ≥ 10000 contracted, jointly). `pace`: a pledge's pace so
 * far against the pace it needs ("moving at unprecedented speed"). `formed`: whether the venture
 * exists as an operating company ("Stargate is not formed yet"). `qualitative`: not measurable.
 */
export const Assertion = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('level'),
      metric: z.enum(PLEDGE_METRICS),
      comparison: z.enum(COMPARISONS),
      value: z.number().nonnegative(),
      state: z
        .enum([...FACILITY_STAGES, ...CAPITAL_STAGES])
        .optional()
        .meta({
          description:
            'The stage the figure is read at: default operational (capacity, jobs, sites) or committed (capital).',
        }),
      scope: z.enum(ASSERTION_SCOPES).optional(),
      by: DateInput.optional().meta({
        description: 'For a promise about the future: the date it is about.',
      }),
      ...reading,
    })
    .strict(),
  z
    .object({
      kind: z.literal('pace'),
      pledge: Id,
      state: z.enum([...FACILITY_STAGES, ...CAPITAL_STAGES]).optional(),
      comparison: z.enum(['>=', '>']).optional(),
      value: z
        .number()
        .positive()
        .optional()
        .meta({ description: 'Multiple of the needed pace asserted (default 1).' }),
      ...reading,
    })
    .strict(),
  z
    .object({
      kind: z.literal('formed'),
      value: z.boolean().meta({ description: 'true: the venture is formed; false: not yet.' }),
      ...reading,
    })
    .strict(),
  z
    .object({
      kind: z.literal('qualitative'),
      text: z
        .string()
        .optional()
        .meta({ description: 'The part of the quote that is not measurable.' }),
      ...reading,
    })
    .strict(),
]);
export type Assertion = z.infer<typeof Assertion>;
