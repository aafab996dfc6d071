import { existsSync, readFileSync } from 'node:fs';
import type { z } from 'zod';
import type { ProviderDialect } from '../../../shared/dialects';
import type { PriceOverride } from '../../../shared/pricing';
import { configSchema, type ProviderConfig } from './config-schema';
import { DEFAULT_PROVIDERS } from './default-providers';

/** A provider ready to use: its key resolved (never logged; see redact()). */
export interface ResolvedProvider {
  id: string;
  dialect: ProviderDialect;
  baseUrl: string;
  /** undefined: the client's own key passes through. The first of apiKeys. */
  apiKey: string | undefined;
  /** Every configured key, in rotation order (empty: the client's key passes through). */
  apiKeys: string[];
  keyCooldownMs: number;
  /** OpenAI dialect: the APIs this provider serves. */
  apis: ReadonlyArray<'chat' | 'responses'>;
  /** Honours Anthropic cache_control markers (undefined: decide by model). */
  cacheControl: boolean | undefined;
}

export interface FareboxConfig {
  server: { host: string; port: number; maxBodyBytes: number };
  providers: ResolvedProvider[];
  /** The provider that serves each client dialect. */
  providerFor: Record<ProviderDialect, ResolvedProvider>;
  pricing: { overrides: Record<string, PriceOverride> };
  /** The config file's routing section, validated later rule by rule (see routing/validate-rules.ts). */
  routing: { aliases?: unknown; rules?: unknown };
  /** Validated one by one later (budgets/validate-budgets.ts, capacity/pool-schema.ts). */
  budgets: unknown;
  pools: unknown;
  /** Request rows older than this many days are deleted (0: keep all); the app may override it. */
  retentionDays: number;
}

export class ConfigError extends Error {
  constructor(
    readonly file: string | null,
    readonly problems: string[],
  ) {
    super(
      `${file ? `Invalid config ${file}` : 'Invalid config'}:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  }
}

/** Reads and validates the config file; a missing file means the defaults. */
export function loadConfigFile(file: string, env: NodeJS.ProcessEnv = process.env): FareboxConfig {
  if (!existsSync(file)) return parseConfig({}, null, env);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    // V8's message quotes the text around the error, which may be a key: report only the position.
    throw new ConfigError(file, [
      `not valid JSON ${jsonErrorPosition(readFileSync(file, 'utf8'), error as Error)}`,
    ]);
  }
  return parseConfig(raw, file, env);
}

export function parseConfig(raw: unknown, file: string | null = null, env: NodeJS.ProcessEnv = process.env) {
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(file, parsed.error.issues.map(describeIssue));
  const config = parsed.data;
  const problems: string[] = [];
  const providers = (config.providers ?? DEFAULT_PROVIDERS).map((p, index) =>
    resolveProvider(p, index, env, problems),
  );
  const providerFor = {} as Record<ProviderDialect, ResolvedProvider>;
  for (const dialect of ['anthropic', 'openai', 'gemini'] as const) {
    const chosenId = config.defaults[dialect];
    const chosen =
      providers.find((p) => p.id === chosenId) ??
      providers.find((p) => p.dialect === dialect) ??
      resolveProvider(
        DEFAULT_PROVIDERS.find((p) => p.dialect === dialect)!,
        -1,
        env,
        problems,
      );
    providerFor[dialect] = chosen;
  }
  if (problems.length > 0) throw new ConfigError(file, problems);
  return {
    server: config.server,
    providers,
    providerFor,
    pricing: { overrides: config.pricing.overrides },
    routing: { aliases: config.aliases, rules: config.rules },
    budgets: config.budgets,
    retentionDays: config.retentionDays,
    pools: config.pools,
  } satisfies FareboxConfig;
}

function resolveProvider(
  p: ProviderConfig,
  index: number,
  env: NodeJS.ProcessEnv,
  problems: string[],
): ResolvedProvider {
  const field = p.apiKeys ? 'apiKeys' : 'apiKey';
  const configured = p.apiKeys ?? (p.apiKey ? [p.apiKey] : []);
  const apiKeys: string[] = [];
  configured.forEach((key, keyIndex) => {
    const where = p.apiKeys ? `providers[${index}].apiKeys[${keyIndex}]` : `providers[${index}].${field}`;
    if (!key.startsWith('env:')) return apiKeys.push(key);
    const value = env[key.slice(4)];
    if (value) apiKeys.push(value);
    else problems.push(`${where}: environment variable ${key.slice(4)} is not set`);
  });
  const baseUrl = p.baseUrl.replace(/\/+$/, '');
  const apis =
    p.apis ?? (/^https:\/\/api\.openai\.com(\/|$)/.test(baseUrl) ? ['chat', 'responses'] : ['chat']);
  return {
    id: p.id,
    dialect: p.dialect,
    baseUrl,
    apiKey: apiKeys[0],
    apiKeys,
    keyCooldownMs: p.keyCooldownMs,
    apis,
    cacheControl: p.cacheControl,
  };
}

function jsonErrorPosition(text: string, error: Error): string {
  const offset = /position (\d+)/.exec(error.message)?.[1];
  if (offset === undefined) return '(syntax error)';
  const before = text.slice(0, Number(offset));
  const line = before.split('\n').length;
  const column = Number(offset) - before.lastIndexOf('\n');
  return `(syntax error at line ${line}, column ${column})`;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? String(part) : `.${String(part)}`))
    .join('');
  return `${path || '(root)'}: ${issue.message}`;
}
