import { existsSync, readFileSync } from 'node:fs';
import { API_DIALECTS, type ApiDialect, type RouteDryRun } from '../../shared/routing';
import { loadConfigFile } from '../core/config/load-config';
import { createPriceBook } from '../core/economics/price-book';
import { databasePath, defaultConfigPath, defaultDataDir } from '../core/paths';
import type { RoutingState } from '../core/proxy/proxy-context';
import { dryRun } from '../core/routing/dry-run';
import { RoutingStore } from '../core/routing/routing-store';
import { Router } from '../core/routing/rule-match';
import { validateRouting } from '../core/routing/validate-rules';
import { openDatabase } from '../core/store/open-database';
import { UsageError, type Io } from './commands';

export interface RouteOptions {
  config?: string;
  dataDir?: string;
  request?: string;
  tool?: string;
  dialect?: string;
  model?: string;
  outputTokens?: string;
  json?: boolean;
}

/**
 * `farebox route`: which rule fires for a captured request, and what it would cost; nothing is sent. With
 * --config the file's rules are used; otherwise the rules in force (as last edited in the app).
 */
export function route(options: RouteOptions, io: Io): RouteDryRun {
  if (!options.request) throw new UsageError('--request FILE.json is required');
  const body = readRequest(options.request);
  const dialect = options.dialect;
  if (dialect !== undefined && !API_DIALECTS.includes(dialect as ApiDialect)) {
    throw new UsageError(`--dialect must be one of ${API_DIALECTS.join(', ')}, not "${dialect}"`);
  }
  const outputTokens = options.outputTokens === undefined ? undefined : Number(options.outputTokens);
  if (outputTokens !== undefined && (!Number.isInteger(outputTokens) || outputTokens < 0)) {
    throw new UsageError(`--output-tokens must be a whole number, not "${options.outputTokens}"`);
  }
  const dataDir = options.dataDir ?? defaultDataDir();
  const config = loadConfigFile(options.config ?? defaultConfigPath(dataDir));
  const priceBook = createPriceBook({ overrides: config.pricing.overrides });
  const result = dryRun(
    {
      body,
      dialect: dialect as ApiDialect | undefined,
      tool: options.tool,
      model: options.model,
      outputTokens,
    },
    routingState(options, dataDir, config),
    config,
    priceBook,
  );
  io.out(options.json ? JSON.stringify(result, null, 2) : formatDryRun(result));
  return result;
}

function routingState(
  options: RouteOptions,
  dataDir: string,
  config: ReturnType<typeof loadConfigFile>,
): RoutingState {
  const dbFile = databasePath(dataDir);
  if (options.config === undefined && existsSync(dbFile)) {
    const db = openDatabase(dbFile);
    try {
      return new RoutingStore(db, config).state;
    } finally {
      db.close();
    }
  }
  const checked = validateRouting(config.routing, new Map(config.providers.map((p) => [p.id, p.dialect])));
  return { router: new Router(checked.routing), problems: checked.problems };
}

function readRequest(file: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`--request ${file}: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UsageError(`--request ${file}: expected a JSON object (a request body)`);
  }
  return value as Record<string, unknown>;
}

export function formatDryRun(r: RouteDryRun): string {
  const lines = [
    `Request: ${r.dialect}, tool ${r.tool}, model ${r.requestedModel ?? '(none)'}, ~${r.estimatedInputTokens} input tokens (estimated)`,
  ];
  if (r.rule) lines.push(`Rule: ${r.rule.id}${r.rule.name ? ` (${r.rule.name})` : ''} → ${r.action}`);
  else
    lines.push(
      `No rule fires → ${r.targets.length > 0 ? `alias, ${r.action}` : 'passed to the default provider'}`,
    );
  r.targets.forEach((t, i) =>
    lines.push(`  ${i + 1}. ${t.provider} / ${t.model}${t.api ? ` (${t.api})` : ''}`),
  );
  if (r.reject) lines.push(`  Rejected with ${r.reject.status}: ${r.reject.message}`);
  if (r.estimate) {
    const e = r.estimate;
    lines.push(
      `Estimated cost (${r.estimatedInputTokens} in + ${e.outputTokens} out): ${usd(e.costUsd)}${e.priceRef ? ` (${e.priceRef})` : ''}`,
    );
    lines.push(
      `Baseline, as requested: ${usd(e.baselineCostUsd)}${e.baselinePriceRef ? ` (${e.baselinePriceRef})` : ''}`,
    );
    if (e.costUsd !== null && e.baselineCostUsd !== null && e.baselineCostUsd > 0) {
      const saved = e.baselineCostUsd - e.costUsd;
      lines.push(`Saves ${usd(saved)} (${((saved / e.baselineCostUsd) * 100).toFixed(1)}%)`);
    }
  }
  if (r.evaluated.length > 0) {
    lines.push('Rules evaluated:');
    for (const e of r.evaluated)
      lines.push(`  ${e.matched ? '✓' : '✗'} ${e.id}${e.matched ? '' : `: ${e.reasons.join('; ')}`}`);
  }
  if (r.problems.length > 0)
    lines.push('Rules not in force (invalid):', ...r.problems.map((p) => `  - ${p}`));
  return lines.join('\n');
}

function usd(value: number | null): string {
  return value === null ? 'unpriced' : `$${value.toFixed(6)}`;
}
