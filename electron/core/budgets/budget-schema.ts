import { z } from 'zod';
import type { RouteTarget } from '../../../shared/routing';
import { targetSchema } from '../routing/rule-schema';

const name = z.string().min(1);

export const budgetSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'use letters, digits, ".", "_" or "-"'),
  name: z.string().optional(),
  period: z.enum(['day', 'week', 'month']).default('month'),
  timeZone: name.optional().describe('IANA time zone the period follows; default: the system’s'),
  weekStartsOn: z.enum(['mon', 'sun']).default('mon'),
  scope: z
    .strictObject({
      providers: z
        .array(name)
        .min(1)
        .optional()
        .describe('Provider ids (the provider that serves the request)'),
      models: z.array(name).min(1).optional().describe('Model globs (the model asked upstream)'),
      tools: z.array(name).min(1).optional().describe('Tool globs, e.g. "claude-code"'),
      tags: z.array(name).min(1).optional().describe('Rule tags (a project, a team)'),
    })
    .default({})
    .describe('Which requests count; all given lists must match; empty: everything'),
  amountUsd: z.number().positive().describe('The budget for one period, in USD'),
  thresholds: z
    .array(
      z.strictObject({
        percent: z.number().positive().max(1000),
        action: z.enum(['notify', 'downgrade', 'block']),
        target: z.union([targetSchema, name]).optional().describe('downgrade: the cheaper target or alias'),
      }),
    )
    .default([])
    .describe('e.g. notify at 80, downgrade at 90, block at 100'),
});

export type BudgetConfig = z.output<typeof budgetSchema>;

export interface Threshold {
  percent: number;
  action: 'notify' | 'downgrade' | 'block';
  target?: RouteTarget | string;
}
