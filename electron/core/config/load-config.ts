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
  /** undefined: the client's own key passes through. */
  apiKey: string | undefined;
}

export interface FareboxConfig {
  server: { host: string; port: number; maxBodyBytes: number };
  providers: ResolvedProvider[];
  /** The provider that serves each client dialect. */
  providerFor: Record<ProviderDialect, ResolvedProvider>;
  pricing: { overrides: Record<string, PriceOverride> };
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
  } satisfies FareboxConfig;
}

function resolveProvider(
  p: ProviderConfig,
  index: number,
  env: NodeJS.ProcessEnv,
  problems: string[],
): ResolvedProvider {
  let apiKey = p.apiKey;
  if (apiKey?.startsWith('env:')) {
    const name = apiKey.slice(4);
    apiKey = env[name];
    if (!apiKey) problems.push(`providers[${index}].apiKey: environment variable ${name} is not set`);
  }
  return { id: p.id, dialect: p.dialect, baseUrl: p.baseUrl.replace(/\/+$/, ''), apiKey };
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
