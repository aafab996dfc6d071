import { z } from 'zod';
import { DEFAULT_PROVIDERS } from './default-providers';

const priceRate = z.number().nonnegative();

const priceTier = z.strictObject({
  aboveInputTokens: z.number().int().positive(),
  input: priceRate,
  output: priceRate,
  cacheRead: priceRate.optional(),
  cacheWrite: priceRate.optional(),
  cacheWrite1h: priceRate.optional(),
});

/** USD per million tokens. */
const priceOverride = z
  .strictObject({
    input: priceRate.describe('USD per million uncached input tokens'),
    output: priceRate.describe('USD per million output tokens (reasoning included)'),
    cacheRead: priceRate.optional().describe('USD per million cache-read tokens; default: input'),
    cacheWrite: priceRate.optional().describe('USD per million 5-minute cache-write tokens; default: input'),
    cacheWrite1h: priceRate
      .optional()
      .describe('USD per million 1-hour cache-write tokens; default: cacheWrite'),
    tiers: z
      .array(priceTier)
      .optional()
      .describe('Long-context tiers: applied to the whole request once its prompt exceeds aboveInputTokens'),
  })
  .describe('A model price in USD per million tokens');

const providerId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'use lowercase letters, digits, ".", "_" or "-"');

const provider = z.strictObject({
  id: providerId.describe('Name used in the log and in `defaults`'),
  dialect: z.enum(['anthropic', 'openai', 'gemini']).describe('The API the provider speaks'),
  baseUrl: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .describe('e.g. https://api.anthropic.com or https://openrouter.ai/api/v1'),
  apiKey: z
    .string()
    .min(1)
    .optional()
    .describe('A literal key, or "env:NAME" to read it from the environment; replaces the client key'),
  apiKeys: z
    .array(z.string().min(1))
    .min(1)
    .optional()
    .describe(
      'Several keys (literal or "env:NAME"), tried in turn: a key answered with 429 rests for keyCooldownMs',
    ),
  keyCooldownMs: z
    .number()
    .int()
    .positive()
    .default(60_000)
    .describe('How long a rate-limited key rests when the provider sends no retry-after'),
  apis: z
    .array(z.enum(['chat', 'responses']))
    .min(1)
    .optional()
    .describe('OpenAI-dialect providers: the APIs it serves; default: both for api.openai.com, else chat'),
  cacheControl: z
    .boolean()
    .optional()
    .describe(
      'Whether the provider honours Anthropic cache_control markers; default: yes for Anthropic, and for Claude models elsewhere',
    ),
});

export const configSchema = z
  .strictObject({
    $schema: z.string().optional(),
    server: z
      .strictObject({
        host: z.string().min(1).default('127.0.0.1').describe('Listen address; keep it on loopback'),
        port: z.number().int().min(0).max(65535).default(3273).describe('0 picks a free port'),
        /** Largest request body accepted, in bytes. Anthropic's own cap is 32 MB. */
        maxBodyBytes: z
          .number()
          .int()
          .positive()
          .default(32 * 1024 * 1024),
      })
      .prefault({}),
    providers: z
      .array(provider)
      .min(1)
      .optional()
      .describe('Upstream providers; default: the public Anthropic, OpenAI and Gemini APIs'),
    /** Which provider serves each client dialect; default: the first provider of that dialect. */
    defaults: z
      .strictObject({
        anthropic: providerId.optional(),
        openai: providerId.optional(),
        gemini: providerId.optional(),
      })
      .prefault({})
      .describe('Which provider serves each client dialect; default: the first provider of that dialect'),
    aliases: z
      .record(z.string(), z.unknown())
      .optional()
      .describe(
        'Model aliases usable in rules and as model names: a {provider, model} target or a list of them',
      ),
    rules: z
      .array(z.unknown())
      .optional()
      .describe(
        'Routing rules, first match wins; each is checked on its own so one broken rule never stops the proxy',
      ),
    retentionDays: z
      .number()
      .int()
      .nonnegative()
      .default(0)
      .describe('Delete request rows older than this many days (0: keep all); hourly totals are always kept'),
    budgets: z
      .array(z.unknown())
      .optional()
      .describe('Spend budgets (period, scope, amountUsd, thresholds); each is checked on its own'),
    pools: z
      .array(z.unknown())
      .optional()
      .describe('Reserved capacity: provisioned throughput and flat-rate plans; each is checked on its own'),
    pricing: z
      .strictObject({
        overrides: z
          .record(z.string().min(1), priceOverride)
          .default({})
          .describe('Prices by model name or * glob; they win over the bundled price data'),
      })
      .prefault({}),
  })
  .superRefine((config, ctx) => {
    const ids = new Set<string>();
    config.providers?.forEach((p, index) => {
      if (ids.has(p.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['providers', index, 'id'],
          message: `duplicate provider id "${p.id}"`,
        });
      }
      ids.add(p.id);
    });
    for (const dialect of ['anthropic', 'openai', 'gemini'] as const) {
      const chosen = config.defaults[dialect];
      if (chosen === undefined) continue;
      const match = (config.providers ?? DEFAULT_PROVIDERS).find((p) => p.id === chosen);
      if (!match) {
        ctx.addIssue({
          code: 'custom',
          path: ['defaults', dialect],
          message: `no provider with id "${chosen}"`,
        });
      } else if (match.dialect !== dialect) {
        ctx.addIssue({
          code: 'custom',
          path: ['defaults', dialect],
          message: `provider "${chosen}" speaks ${match.dialect}, not ${dialect}`,
        });
      }
    }
  });

export type ConfigInput = z.input<typeof configSchema>;
export type ParsedConfig = z.output<typeof configSchema>;
export type ProviderConfig = z.output<typeof provider>;
