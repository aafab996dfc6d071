import { isTimeZone } from '../config/time-zone';
import type { z } from 'zod';
import type { RouteTarget, RoutingConfig, RoutingRule, TargetRef } from '../../../shared/routing';
import { aliasesSchema, ruleSchema } from './rule-schema';
import { compileRegex } from './regex';

export interface RulesValidation {
  /** The rules and aliases that can be used; invalid rules are left out, never fatal. */
  routing: RoutingConfig;
  /** One line per problem, naming the rule and field: `rules[2] "cheap-claude": when.models[0]: ...`. */
  problems: string[];
}

/**
 * Validates a routing section rule by rule, so one broken rule is reported and skipped while the others keep
 * working. `providers` are the configured provider ids and dialects.
 */
export function validateRouting(
  raw: { aliases?: unknown; rules?: unknown },
  providers: ReadonlyMap<string, string>,
): RulesValidation {
  const problems: string[] = [];
  const aliases: RoutingConfig['aliases'] = {};
  const rawAliases = raw.aliases;
  if (
    rawAliases !== undefined &&
    (typeof rawAliases !== 'object' || rawAliases === null || Array.isArray(rawAliases))
  ) {
    problems.push('aliases: expected an object of alias name → target');
  } else if (rawAliases !== undefined) {
    // Alias by alias, so one malformed entry does not take the others (and the rules using them) down.
    for (const [alias, value] of Object.entries(rawAliases as Record<string, unknown>)) {
      const parsed = aliasesSchema.safeParse({ [alias]: value });
      if (!parsed.success) {
        problems.push(
          ...parsed.error.issues.map((issue) => `aliases${formatPath(issue.path)}: ${issue.message}`),
        );
        continue;
      }
      const checked = parsed.data[alias]!;
      const targets = Array.isArray(checked) ? checked : [checked];
      const bad = targets.map((t) => targetProblem(t, providers)).find((p) => p !== null);
      if (bad) problems.push(`aliases.${alias}: ${bad}`);
      else aliases[alias] = checked;
    }
  }

  const rules: RoutingRule[] = [];
  if (raw.rules !== undefined && !Array.isArray(raw.rules)) {
    problems.push('rules: expected an array of rules');
  } else {
    const ids = new Set<string>();
    (raw.rules ?? []).forEach((candidate: unknown, index: number) => {
      const label = ruleLabel(candidate, index);
      const parsed = ruleSchema.safeParse(candidate);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) problems.push(`${label}: ${describeIssue(issue)}`);
        return;
      }
      const rule = parsed.data as RoutingRule;
      const ruleProblems = semanticProblems(rule, aliases, providers);
      if (ids.has(rule.id)) ruleProblems.push(`id: duplicate rule id "${rule.id}"`);
      if (ruleProblems.length > 0) {
        for (const problem of ruleProblems) problems.push(`${label}: ${problem}`);
        return;
      }
      ids.add(rule.id);
      rules.push(rule);
    });
  }
  return { routing: { aliases, rules }, problems };
}

function semanticProblems(
  rule: RoutingRule,
  aliases: RoutingConfig['aliases'],
  providers: ReadonlyMap<string, string>,
): string[] {
  const problems: string[] = [];
  const refs: Array<[string, TargetRef]> =
    'route' in rule.then
      ? [['then.route', rule.then.route]]
      : 'chain' in rule.then
        ? rule.then.chain.map((ref, i) => [`then.chain[${i}]`, ref] as [string, TargetRef])
        : [];
  for (const [path, ref] of refs) {
    if (typeof ref === 'string') {
      if (!Object.hasOwn(aliases, ref)) problems.push(`${path}: no alias named "${ref}"`);
    } else {
      const problem = targetProblem(ref, providers);
      if (problem) problems.push(`${path}: ${problem}`);
    }
  }
  const when = rule.when ?? {};
  if (when.lastUserMessage !== undefined) {
    const compiled = compileRegex(when.lastUserMessage);
    if (typeof compiled === 'string') problems.push(`when.lastUserMessage: ${compiled}`);
  }
  for (const [header, pattern] of Object.entries(when.headers ?? {})) {
    const compiled = compileRegex(pattern);
    if (typeof compiled === 'string') problems.push(`when.headers.${header}: ${compiled}`);
  }
  const tokens = when.inputTokens;
  if (tokens?.min !== undefined && tokens.max !== undefined && tokens.min > tokens.max) {
    problems.push('when.inputTokens: min is larger than max');
  }
  const zone = when.schedule?.timeZone;
  if (zone !== undefined && !isTimeZone(zone))
    problems.push(`when.schedule.timeZone: unknown time zone "${zone}"`);
  return problems;
}

function targetProblem(target: RouteTarget, providers: ReadonlyMap<string, string>): string | null {
  const dialect = providers.get(target.provider);
  if (dialect === undefined) return `no provider with id "${target.provider}"`;
  if (target.api !== undefined && dialect !== 'openai') {
    return `api "${target.api}" only applies to OpenAI-dialect providers; "${target.provider}" speaks ${dialect}`;
  }
  return null;
}

function ruleLabel(candidate: unknown, index: number): string {
  const id = (candidate as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? `rules[${index}] "${id}"` : `rules[${index}]`;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const path = formatPath(issue.path).replace(/^\./, '');
  return `${path || '(rule)'}: ${issue.message}`;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('');
}
