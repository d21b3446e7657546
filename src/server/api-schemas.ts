import { z } from 'zod';
import { parseRuleText } from '../governance/rule-text.js';
import { ATTRIBUTION_POLICIES } from '../metrics/attribution.js';
import { SUBJECT_KINDS } from '../model/subject-kind.js';
import { ViewDate } from '../model/view-date.js';

/**
 * The query and body schemas of the API. Each parses what a client sends and feeds the OpenAPI
 * description (`z.toJSONSchema`, input side), so the documentation cannot drift from the checks.
 */

export { ViewDate };

const Policy = z.enum(ATTRIBUTION_POLICIES).meta({
  description:
    'Attribution policy: `venture` counts only what the venture itself is party to; `claimed` also what a member claims for the program on its own.',
});

const Program = z
  .string()
  .min(1)
  .meta({ description: 'The program, when the ledger holds several.' });

const Flag = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1')
  .meta({ description: 'true or false' });

export const StatusQuery = z
  .object({
    asOf: ViewDate.optional().meta({ description: 'Valid time V (default today).' }),
    knownAt: ViewDate.optional().meta({ description: 'Known time K (default today).' }),
    policy: Policy.default('venture'),
    program: Program.optional(),
    evidence: Flag.optional().meta({
      description: 'List the records and subjects behind every figure (as `--evidence`).',
    }),
  })
  .strict();

export const RuleText = z
  .string()
  .transform((text, ctx) => {
    const parsed = parseRuleText(text);
    if (parsed.ok) return parsed.rule;
    ctx.addIssue({ code: 'custom', message: parsed.message });
    return z.NEVER;
  })
  .meta({
    description:
      'What-if: judge every decision by this rule, e.g. `majority`, `majority,basis=equity`, `supermajority,threshold=0.75,basis=seats`, `unanimity,voters=leads`.',
  });

export const DecisionsQuery = z
  .object({
    asOf: ViewDate.optional(),
    knownAt: ViewDate.optional(),
    policy: Policy.default('venture'),
    program: Program.optional(),
    rule: RuleText.optional(),
  })
  .strict();

export const ClaimsQuery = z
  .object({
    knownAt: ViewDate.optional().meta({
      description: 'What "now" is for the hindsight review (default today).',
    }),
    program: Program.optional(),
    ids: z
      .string()
      .transform((s) => s.split(',').filter((id) => id !== ''))
      .optional()
      .meta({ description: 'Only these claims, comma-separated.' }),
  })
  .strict();

export const TimelineQuery = z
  .object({ asOf: ViewDate.optional(), knownAt: ViewDate.optional(), program: Program.optional() })
  .strict();

export const SubjectsQuery = z
  .object({
    asOf: ViewDate.optional(),
    knownAt: ViewDate.optional(),
    kind: z
      .string()
      .transform((text, ctx) => {
        const kinds = text.split(',').filter((k) => k !== '');
        const unknown = kinds.filter((k) => !(SUBJECT_KINDS as readonly string[]).includes(k));
        if (unknown.length > 0) {
          ctx.addIssue({
            code: 'custom',
            message: `unknown kind ${unknown.map((k) => `"${k}"`).join(', ')} (kinds: ${SUBJECT_KINDS.join(', ')})`,
          });
          return z.NEVER;
        }
        return kinds;
      })
      .optional()
      .meta({ description: `Only these kinds, comma-separated: ${SUBJECT_KINDS.join(', ')}.` }),
  })
  .strict();

export const SubjectQuery = z
  .object({ asOf: ViewDate.optional(), knownAt: ViewDate.optional() })
  .strict();

export const SubjectParams = z.object({
  id: z.string().min(1).meta({ description: 'A subject id, e.g. capacity-10gw.' }),
});

export const ImportQuery = z
  .object({
    dryRun: Flag.optional().meta({ description: 'Validate and report; write nothing.' }),
    file: z.string().min(1).max(200).optional().meta({
      description: 'A name for the file in messages (default upload.yaml or upload.json).',
    }),
    by: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .meta({ description: 'Who records this import (default: api).' }),
  })
  .strict();

export const ExportQuery = z.object({ format: z.enum(['json', 'csv']).default('json') }).strict();

export const EmptyQuery = z.object({}).strict();

export const RunParams = z.object({
  id: z.string().min(1).meta({ description: 'A run id, as returned when the run was started.' }),
});

export const StartRunBody = z
  .object({
    kind: z.string().min(1).meta({ description: 'What to run; GET /api/runs lists the kinds.' }),
    params: z
      .record(z.string(), z.unknown())
      .default({})
      .meta({ description: 'The parameters of the run kind.' }),
  })
  .strict();

export const StoredRunParams = z.object({
  id: z
    .string()
    .regex(/^[1-9]\d{0,15}$/, 'expected a stored run number, e.g. 1')
    .transform(Number)
    .meta({
      description: 'A stored run number, as `stargate plan --runs` or `simulate --runs` lists.',
    }),
});
