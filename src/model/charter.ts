import { z } from 'zod';
import { DateInput } from './date-input.js';
import { Id, sourcedShape } from './fact-meta.js';

/** What a vote is weighed by: one vote per member, board seats, or equity share. */
export const VOTE_BASES = ['members', 'seats', 'equity'] as const;
export type VoteBasis = (typeof VOTE_BASES)[number];

/** Who votes on a class of decision: every member, or only the lead members. */
export const VOTERS = ['members', 'leads'] as const;
export type Voters = (typeof VOTERS)[number];

const ruleCommon = {
  voters: z
    .enum(VOTERS)
    .optional()
    .meta({ description: 'Who votes: every member (default) or only the lead members.' }),
  basis: z
    .enum(VOTE_BASES)
    .optional()
    .meta({ description: 'What a vote weighs: one per member (default), seats, or equity.' }),
};

/**
 * How a decision passes. Thresholds are of the whole electorate's weight (not of the votes cast), so
 * an abstention counts against: the usual reading of a joint venture's charter.
 */
export const DecisionRule = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('majority').meta({ description: 'More than half of the weight for.' }),
      ...ruleCommon,
    })
    .strict(),
  z
    .object({
      kind: z.literal('supermajority'),
      threshold: z
        .number()
        .gt(0.5)
        .max(1)
        .meta({ description: 'Share of the weight that must be for, e.g. 0.75.' }),
      ...ruleCommon,
    })
    .strict(),
  z
    .object({
      kind: z.literal('unanimity').meta({ description: 'Every voter for.' }),
      voters: ruleCommon.voters,
    })
    .strict(),
]);
export type DecisionRule = z.infer<typeof DecisionRule>;

export const DecisionClass = z
  .object({
    id: Id,
    rule: DecisionRule,
    veto: z
      .array(Id)
      .optional()
      .meta({ description: 'Reserved matter: members any one of whom can block it alone.' }),
    note: z.string().optional(),
  })
  .strict();
export type DecisionClass = z.infer<typeof DecisionClass>;

/**
 * How a program decides: classes of decision with their rule. The members, their equity and board
 * seats are the program's own (`programs[].members`); a charter adds the rules. Like any fact it is
 * sourced and changes by updates (`set: { classes: … }`).
 */
export const Charter = z
  .object({
    id: Id,
    program: Id,
    adopted: DateInput,
    classes: z
      .array(DecisionClass)
      .min(1)
      .superRefine((classes, ctx) => {
        const seen = new Set<string>();
        classes.forEach((c, i) => {
          if (seen.has(c.id))
            ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `class "${c.id}" twice` });
          seen.add(c.id);
        });
      }),
    default_class: Id.optional().meta({
      description: 'The class of a decision that names none.',
    }),
    ...sourcedShape,
  })
  .strict();
export type Charter = z.infer<typeof Charter>;
