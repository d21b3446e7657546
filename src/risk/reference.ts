import { z } from 'zod';
import { Distribution } from './distribution.js';

/**
 * The stages a facility goes through, in order of the schedule network:
 * site control → permits → construction, with interconnection (power) and long-lead electrical
 * equipment running in parallel from site control; energisation needs construction, power and
 * equipment; accelerators are delivered and installed last.
 */
export const STAGES = [
  'site-control',
  'permits',
  'interconnection',
  'equipment',
  'construction',
  'energisation',
  'accelerators',
] as const;
export type Stage = (typeof STAGES)[number];

export const SHOCKS = ['governance', 'supply', 'grid', 'financing'] as const;
export type Shock = (typeof SHOCKS)[number];

const Sourced = {
  sources: z.array(z.string()).min(1).meta({ description: 'Ids of the reference sources.' }),
  note: z.string().optional(),
  assumption: z.boolean().optional(),
};

const Strength = z.number().min(0).max(1);

const StageReference = z
  .object({
    duration: Distribution,
    by_region: z
      .record(z.string(), z.number().positive())
      .optional()
      .meta({ description: 'Multipliers of the duration by grid region.' }),
    size_exponent: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .meta({ description: 'Duration × (MW / size_reference_mw)^exponent, within [0.5, 1.5].' }),
    size_reference_mw: z.number().positive().optional(),
    tornado: z
      .tuple([z.number().positive(), z.number().positive()])
      .meta({ description: 'Low and high multipliers of the duration for the sensitivity.' }),
    ...Sourced,
  })
  .strict();

const ShockCommon = {
  strength: Strength.meta({ description: 'How strongly the shock acts, 0 (off) to 1 (full).' }),
  tornado: z.tuple([Strength, Strength]).meta({ description: 'Low and high strengths.' }),
  ...Sourced,
};

export const RiskReference = z
  .object({
    format: z.literal('stargate-risk/v1'),
    unit: z.literal('months'),
    horizon_years: z.number().int().min(1).max(40),
    sources: z.array(
      z
        .object({
          id: z.string(),
          title: z.string().optional(),
          publisher: z.string(),
          published: z.string().optional(),
          url: z.string().optional(),
          note: z.string().optional(),
        })
        .strict(),
    ),
    stages: z
      .object(
        Object.fromEntries(STAGES.map((s) => [s, StageReference])) as Record<
          Stage,
          typeof StageReference
        >,
      )
      .strict(),
    contract_campus_mw: z.number().positive().meta({
      description:
        'A contract’s capacity not placed at a named facility is simulated as campuses of at most this size.',
    }),
    under_construction_remaining: z.number().gt(0).max(1).meta({
      description: 'Share of construction still to do for a facility under construction.',
    }),
    shocks: z
      .object({
        governance: z
          .object({
            ...ShockCommon,
            sigma: z.number().positive(),
            factors: z
              .object({
                deadlocked: z.number().nonnegative(),
                open: z.number().nonnegative(),
                undetermined: z.number().nonnegative(),
              })
              .strict()
              .meta({
                description: 'Median time to resolution as a multiple of the age, by state.',
              }),
          })
          .strict(),
        supply: z.object({ ...ShockCommon, sigma: z.number().positive() }).strict(),
        grid: z.object({ ...ShockCommon, sigma: z.number().positive() }).strict(),
        financing: z
          .object({
            ...ShockCommon,
            late_probability: z.number().min(0).max(1),
            drop_probability: z.number().min(0).max(1),
            delay: Distribution,
          })
          .strict(),
      })
      .strict(),
  })
  .strict()
  .superRefine((ref, ctx) => {
    const ids = new Set(ref.sources.map((s) => s.id));
    const check = (sources: readonly string[], path: (string | number)[]) =>
      sources.forEach((s, i) => {
        if (!ids.has(s))
          ctx.addIssue({
            code: 'custom',
            path: [...path, 'sources', i],
            message: `unknown source "${s}"`,
          });
      });
    for (const stage of STAGES) check(ref.stages[stage].sources, ['stages', stage]);
    for (const shock of SHOCKS) check(ref.shocks[shock].sources, ['shocks', shock]);
  });
export type RiskReference = z.infer<typeof RiskReference>;
