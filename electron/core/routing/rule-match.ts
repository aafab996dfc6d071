import type {
  FallbackTrigger,
  RouteTarget,
  RoutingConfig,
  RoutingRule,
  TargetRef,
  Weekday,
} from '../../../shared/routing';
import { compileRegex, globToRegex } from './regex';
import type { RequestFacts } from './request-facts';

/** Returns null when the condition holds, else why it does not (shown by the dry run). */
type Condition = (facts: RequestFacts, now: Date) => string | null;

interface CompiledRule {
  rule: RoutingRule;
  conditions: Condition[];
  targets: RouteTarget[];
  fallbackOn: ReadonlySet<FallbackTrigger>;
}

export interface RouteDecision {
  rule: RoutingRule | null;
  action: 'route' | 'chain' | 'reject' | 'pass';
  /** Targets in the order to try; empty for pass (the client's dialect's default provider). */
  targets: RouteTarget[];
  reject: { status: number; message: string } | null;
  fallbackOn: ReadonlySet<FallbackTrigger>;
  timeoutMs: number | null;
  tags: string[];
}

export interface RuleEvaluation {
  id: string;
  matched: boolean;
  reasons: string[];
}

const DEFAULT_FALLBACK: ReadonlySet<FallbackTrigger> = new Set<FallbackTrigger>([
  'connection',
  'timeout',
  '429',
  '5xx',
]);

/**
 * The compiled rule list: globs and regular expressions are built once, when rules change, so matching a
 * request costs a few string tests. First enabled rule whose conditions all hold wins.
 */
export class Router {
  private readonly compiled: CompiledRule[];

  constructor(readonly routing: RoutingConfig) {
    this.compiled = routing.rules
      .filter((rule) => rule.enabled !== false)
      .map((rule) => ({
        rule,
        conditions: compileConditions(rule),
        targets: targetsOf(rule, routing.aliases),
        fallbackOn: rule.fallbackOn ? new Set(rule.fallbackOn) : DEFAULT_FALLBACK,
      }));
  }

  get isEmpty(): boolean {
    return this.compiled.length === 0 && Object.keys(this.routing.aliases).length === 0;
  }

  decide(facts: RequestFacts, now = new Date()): RouteDecision {
    for (const entry of this.compiled) {
      if (!holds(entry, facts, now)) continue;
      return this.decisionFor(entry, facts);
    }
    return this.aliasDecision(facts, null) ?? passDecision(null);
  }

  /** Every enabled rule with whether it matched and why not (the dry run's explanation). */
  explain(facts: RequestFacts, now = new Date()): RuleEvaluation[] {
    const evaluations: RuleEvaluation[] = [];
    const compiled = new Map(this.compiled.map((entry) => [entry.rule, entry]));
    // In configuration order, up to the rule that fires; disabled rules say so where they stand.
    for (const rule of this.routing.rules) {
      const entry = compiled.get(rule);
      if (!entry) {
        evaluations.push({ id: rule.id, matched: false, reasons: ['disabled'] });
        continue;
      }
      const reasons: string[] = [];
      for (const condition of entry.conditions) {
        const reason = safely(condition, facts, now);
        if (reason !== null) reasons.push(reason);
      }
      evaluations.push({ id: rule.id, matched: reasons.length === 0, reasons });
      if (reasons.length === 0) break;
    }
    return evaluations;
  }

  private decisionFor(entry: CompiledRule, facts: RequestFacts): RouteDecision {
    const { rule } = entry;
    const base = {
      rule,
      fallbackOn: entry.fallbackOn,
      timeoutMs: rule.timeoutMs ?? null,
      tags: rule.tags ?? [],
    };
    if ('reject' in rule.then) {
      const reject = { status: rule.then.reject.status ?? 403, message: rule.then.reject.message };
      return { ...base, action: 'reject', targets: [], reject };
    }
    if ('pass' in rule.then)
      return this.aliasDecision(facts, rule) ?? { ...base, action: 'pass', targets: [], reject: null };
    return {
      ...base,
      // A route to an alias with several targets is a chain.
      action: entry.targets.length > 1 ? 'chain' : 'route',
      targets: entry.targets,
      reject: null,
    };
  }

  /** A client may name an alias as its model ("cheap"): it resolves like a route to the alias's targets. */
  private aliasDecision(facts: RequestFacts, rule: RoutingRule | null): RouteDecision | null {
    if (facts.model === null || !Object.hasOwn(this.routing.aliases, facts.model)) return null;
    const value = this.routing.aliases[facts.model]!;
    const targets = Array.isArray(value) ? value : [value];
    return {
      rule,
      action: targets.length > 1 ? 'chain' : 'route',
      targets,
      reject: null,
      fallbackOn: rule?.fallbackOn ? new Set(rule.fallbackOn) : DEFAULT_FALLBACK,
      timeoutMs: rule?.timeoutMs ?? null,
      tags: rule?.tags ?? [],
    };
  }
}

function passDecision(rule: RoutingRule | null): RouteDecision {
  return {
    rule,
    action: 'pass',
    targets: [],
    reject: null,
    fallbackOn: DEFAULT_FALLBACK,
    timeoutMs: null,
    tags: [],
  };
}

function holds(entry: CompiledRule, facts: RequestFacts, now: Date): boolean {
  for (const condition of entry.conditions) if (safely(condition, facts, now) !== null) return false;
  return true;
}

/** A condition that throws (it should not) makes its rule not match, never the request fail. */
function safely(condition: Condition, facts: RequestFacts, now: Date): string | null {
  try {
    return condition(facts, now);
  } catch (error) {
    return `condition failed: ${(error as Error).message}`;
  }
}

function targetsOf(rule: RoutingRule, aliases: RoutingConfig['aliases']): RouteTarget[] {
  const refs: TargetRef[] =
    'route' in rule.then ? [rule.then.route] : 'chain' in rule.then ? rule.then.chain : [];
  return refs.flatMap((ref) => {
    if (typeof ref !== 'string') return [ref];
    if (!Object.hasOwn(aliases, ref)) return [];
    const value = aliases[ref]!;
    return Array.isArray(value) ? value : [value];
  });
}

function compileConditions(rule: RoutingRule): Condition[] {
  const when = rule.when ?? {};
  const conditions: Condition[] = [];
  if (when.tools) {
    const globs = when.tools.map(globToRegex);
    conditions.push((f) =>
      globs.some((g) => g.test(f.tool)) ? null : `tool "${f.tool}" is not ${list(when.tools!)}`,
    );
  }
  if (when.dialects) {
    const dialects = when.dialects;
    conditions.push((f) =>
      dialects.includes(f.dialect) ? null : `dialect ${f.dialect} is not ${list(dialects)}`,
    );
  }
  if (when.models) {
    const globs = when.models.map(globToRegex);
    conditions.push((f) =>
      f.model !== null && globs.some((g) => g.test(f.model!))
        ? null
        : `model ${f.model === null ? '(none)' : `"${f.model}"`} is not ${list(when.models!)}`,
    );
  }
  if (when.inputTokens) {
    const { min, max } = when.inputTokens;
    conditions.push((f) => {
      const tokens = f.estimatedInputTokens();
      if (min !== undefined && tokens < min) return `estimated input ${tokens} tokens is below ${min}`;
      if (max !== undefined && tokens > max) return `estimated input ${tokens} tokens is above ${max}`;
      return null;
    });
  }
  if (when.hasTools !== undefined) {
    const want = when.hasTools;
    conditions.push((f) =>
      f.hasTools() === want ? null : want ? 'request has no tools' : 'request has tools',
    );
  }
  if (when.hasImages !== undefined) {
    const want = when.hasImages;
    conditions.push((f) =>
      f.hasImages() === want ? null : want ? 'request has no images' : 'request has images',
    );
  }
  if (when.thinking !== undefined) {
    const want = when.thinking;
    conditions.push((f) =>
      f.thinking() === want ? null : want ? 'thinking is not requested' : 'thinking is requested',
    );
  }
  if (when.lastUserMessage !== undefined) {
    const regex = compileRegex(when.lastUserMessage) as RegExp;
    conditions.push((f) =>
      regex.test(f.lastUserMessage()) ? null : `last user message does not match ${when.lastUserMessage}`,
    );
  }
  for (const [header, pattern] of Object.entries(when.headers ?? {})) {
    const name = header.toLowerCase();
    const regex = compileRegex(pattern) as RegExp;
    conditions.push((f) => {
      const value = f.headers[name];
      const text = Array.isArray(value) ? value.join(', ') : value;
      if (text === undefined) return `header ${name} is missing`;
      return regex.test(text) ? null : `header ${name} does not match ${pattern}`;
    });
  }
  if (when.schedule) conditions.push(scheduleCondition(when.schedule));
  if (when.budget) {
    const { id, above, below } = when.budget;
    conditions.push((f) => {
      const percent = f.budgetPercent(id);
      if (percent === null) return `no budget "${id}"`;
      const shown = `budget "${id}" is ${percent.toFixed(1)}% spent`;
      if (above !== undefined && percent < above) return `${shown}, not above ${above}%`;
      if (below !== undefined && percent >= below) return `${shown}, not below ${below}%`;
      return null;
    });
  }
  return conditions;
}

const WEEKDAYS: Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

function scheduleCondition(schedule: NonNullable<RoutingRule['when']>['schedule'] & object): Condition {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone: schedule.timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const from = schedule.from ? minutesOf(schedule.from) : 0;
  const until = schedule.until ? minutesOf(schedule.until) : 24 * 60;
  return (_facts, now) => {
    const parts = Object.fromEntries(format.formatToParts(now).map((p) => [p.type, p.value]));
    const day = WEEKDAYS[['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(parts.weekday!)]!;
    const minute = Number(parts.hour) * 60 + Number(parts.minute);
    // A window like 22:00–06:00 wraps past midnight and belongs to the day it starts on.
    const wraps = from > until;
    const inWindow = wraps ? minute >= from || minute < until : minute >= from && minute < until;
    const windowDay = wraps && minute < until ? WEEKDAYS[(WEEKDAYS.indexOf(day) + 6) % 7]! : day;
    if (!inWindow)
      return `local time ${parts.hour}:${parts.minute} is outside ${schedule.from ?? '00:00'}–${schedule.until ?? '24:00'}`;
    if (schedule.days && !schedule.days.includes(windowDay))
      return `${windowDay} is not ${list(schedule.days)}`;
    return null;
  };
}

function minutesOf(clock: string): number {
  const [hours, minutes] = clock.split(':').map(Number);
  return hours! * 60 + minutes!;
}

function list(values: readonly string[]): string {
  return values.length === 1 ? `"${values[0]}"` : `one of ${values.map((v) => `"${v}"`).join(', ')}`;
}
