import { z } from 'zod';
import { API_DIALECTS } from '../../../shared/routing';

const name = z.string().min(1);

export const targetSchema = z.strictObject({
  provider: name.describe('A provider id from `providers`'),
  model: name.describe('The model name the provider knows'),
  api: z
    .enum(['chat', 'responses'])
    .optional()
    .describe('OpenAI-dialect providers: the API to call (default: the client’s OpenAI API, else chat)'),
});

const targetRef = z.union([targetSchema, name.describe('An alias name')]);

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'use HH:MM (24-hour)');

const conditionsSchema = z.strictObject({
  tools: z.array(name).min(1).optional().describe('Tool names; * globs allowed'),
  dialects: z
    .array(z.enum(API_DIALECTS as [string, ...string[]]))
    .min(1)
    .optional(),
  models: z.array(name).min(1).optional().describe('Requested model globs, case-insensitive'),
  inputTokens: z
    .strictObject({
      min: z.number().int().nonnegative().optional(),
      max: z.number().int().positive().optional(),
    })
    .optional()
    .describe('Estimated input tokens'),
  hasTools: z.boolean().optional(),
  hasImages: z.boolean().optional(),
  thinking: z.boolean().optional(),
  lastUserMessage: name.optional().describe('A regular expression or /pattern/flags'),
  headers: z.record(name, name).optional().describe('Header name → regular expression'),
  schedule: z
    .strictObject({
      days: z
        .array(z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']))
        .min(1)
        .optional(),
      from: clock.optional(),
      until: clock.optional(),
      timeZone: name.optional().describe('IANA time zone; default: the system’s'),
    })
    .optional(),
  budget: z
    .strictObject({
      id: name.describe('A budget id'),
      above: z.number().nonnegative().optional().describe('Holds once this percent of the budget is spent'),
      below: z.number().nonnegative().optional().describe('Holds while less than this percent is spent'),
    })
    .optional(),
});

const actionSchema = z.union([
  z.strictObject({ route: targetRef }),
  z.strictObject({ chain: z.array(targetRef).min(1) }),
  z.strictObject({
    reject: z.strictObject({
      status: z.number().int().min(400).max(599).optional(),
      message: name,
    }),
  }),
  z.strictObject({ pass: z.literal(true) }),
]);

const fallbackTrigger = z.union([
  z.enum(['connection', 'timeout', '429', '5xx']),
  z.number().int().min(400).max(599),
]);

export const ruleSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'use letters, digits, ".", "_" or "-"'),
  name: z.string().optional(),
  enabled: z.boolean().optional(),
  when: conditionsSchema.optional(),
  then: actionSchema.describe('route, chain, reject or pass'),
  tags: z.array(name).optional(),
  fallbackOn: z.array(fallbackTrigger).optional().describe('Default: connection, timeout, 429, 5xx'),
  timeoutMs: z.number().int().positive().optional().describe('Time allowed for response headers'),
});

export const aliasesSchema = z.record(
  z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'use letters, digits, ".", "_" or "-"'),
  z.union([targetSchema, z.array(targetSchema).min(1)]),
);
