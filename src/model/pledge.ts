import { z } from 'zod';
import { DateInput } from './date-input.js';
import { Id, sourcedShape } from './fact-meta.js';
import { FACILITY_STAGES } from './facility.js';

export const PLEDGE_METRICS = ['capital_usd', 'capacity_mw', 'jobs', 'sites'] as const;
export type PledgeMetric = (typeof PLEDGE_METRICS)[number];

export const CAPITAL_STAGES = ['committed', 'spent'] as const;
export type CapitalStage = (typeof CAPITAL_STAGES)[number];

export const PLEDGE_STATUSES = ['active', 'superseded', 'withdrawn', 'met'] as const;

export const Pledge = z
  .object({
    id: Id,
    program: Id,
    by: z.array(Id).min(1).meta({ description: 'The parties who made the pledge.' }),
    metric: z.enum(PLEDGE_METRICS),
    target: z.number().positive(),
    deadline: DateInput,
    made: DateInput,
    counts_at: z
      .enum([...FACILITY_STAGES, ...CAPITAL_STAGES])
      .optional()
      .meta({
        description:
          'The stage at which progress counts: default operational (capacity, jobs, sites) or committed (capital).',
      }),
    where: z
      .object({ state: z.string().optional(), region: z.string().optional(), site: Id.optional() })
      .strict()
      .optional()
      .meta({ description: 'Only capacity at matching sites counts.' }),
    revises: Id.optional().meta({
      description: 'A pledge this one revises; the old one stays in the ledger.',
    }),
    status: z.enum(PLEDGE_STATUSES).optional(),
    quote: z
      .string()
      .optional()
      .meta({ description: 'The words of the pledge, in the original language.' }),
    ...sourcedShape,
  })
  .strict();
export type Pledge = z.infer<typeof Pledge>;
