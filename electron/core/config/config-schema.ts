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
const priceOverride = z.strictObject({
  input: priceRate,
  output: priceRate,
  cacheRead: priceRate.optional(),
  cacheWrite: priceRate.optional(),
  cacheWrite1h: priceRate.optional(),
  tiers: z.array(priceTier).optional(),
});

const providerId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'use lowercase letters, digits, ".", "_" or "-"');

const provider = z.strictObject({
  id: providerId,
  dialect: z.enum(['anthropic', 'openai', 'gemini']),
  baseUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
  /** A literal key, or "env:NAME" to read it from the environment when the proxy starts. */
  apiKey: z.string().min(1).optional(),
});

export const configSchema = z
  .strictObject({
    $schema: z.string().optional(),
    server: z
      .strictObject({
        host: z.string().min(1).default('127.0.0.1'),
        port: z.number().int().min(0).max(65535).default(3273),
        /** Largest request body accepted, in bytes. Anthropic's own cap is 32 MB. */
        maxBodyBytes: z
          .number()
          .int()
          .positive()
          .default(32 * 1024 * 1024),
      })
      .prefault({}),
    providers: z.array(provider).min(1).optional(),
    /** Which provider serves each client dialect; default: the first provider of that dialect. */
    defaults: z
      .strictObject({
        anthropic: providerId.optional(),
        openai: providerId.optional(),
        gemini: providerId.optional(),
      })
      .prefault({}),
    pricing: z
      .strictObject({ overrides: z.record(z.string().min(1), priceOverride).default({}) })
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
