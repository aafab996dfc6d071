import {
  API_DIALECTS,
  type ApiDialect,
  type FallbackTrigger,
  type RouteTarget,
  type RoutingRule,
  type RuleAction,
  type RuleConditions,
  type TargetRef,
  type Weekday,
} from '../../../../shared/routing';

/**
 * The rules editor's form model: every field as the user types it (strings, tri-states), converted to and
 * from the stored RoutingRule. Validation here mirrors the core's schema (electron/core/routing/rule-schema.ts)
 * so a draft is never sent with a problem the form could have named; the core's own check (rules:validate)
 * still runs and its messages are shown next to the rule.
 */

export type TriState = 'any' | 'yes' | 'no';
export type ActionKind = 'route' | 'chain' | 'reject' | 'pass';
export const ACTION_KINDS: readonly ActionKind[] = ['route', 'chain', 'reject', 'pass'];
export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
export const FALLBACK_WORDS = ['connection', 'timeout', '429', '5xx'] as const;

export interface TargetDraft {
  kind: 'target' | 'alias';
  provider: string;
  model: string;
  /** OpenAI-dialect providers only; '' = the default. */
  api: '' | 'chat' | 'responses';
  alias: string;
}

export interface HeaderDraft {
  name: string;
  pattern: string;
}

export interface RuleDraft {
  /** Stable identity for React while the id is being edited. */
  key: string;
  id: string;
  name: string;
  enabled: boolean;
  /** Comma-separated lists. */
  tools: string;
  models: string;
  dialects: ApiDialect[];
  minTokens: string;
  maxTokens: string;
  hasTools: TriState;
  hasImages: TriState;
  thinking: TriState;
  lastUserMessage: string;
  headers: HeaderDraft[];
  days: Weekday[];
  from: string;
  until: string;
  timeZone: string;
  budgetId: string;
  budgetAbove: string;
  budgetBelow: string;
  action: ActionKind;
  /** route uses the first; chain all of them in order. */
  targets: TargetDraft[];
  rejectStatus: string;
  rejectMessage: string;
  tags: string;
  fallbackOn: string;
  timeoutMs: string;
  /** Fields of the stored rule the editor cannot show; saving leaves them out. */
  dropped: string[];
}

/** Field name → message; nested fields as `targets.0.model`, `headers.1.pattern`. */
export type RuleErrors = Record<string, string>;

export interface RuleContext {
  /** Provider id → dialect; null while the providers are not loaded (then provider ids are not checked). */
  providers: ReadonlyMap<string, string> | null;
  aliases: ReadonlySet<string>;
}

let keySeq = 0;
export function newDraftKey(): string {
  keySeq += 1;
  return `draft-${keySeq}`;
}

export function emptyTarget(): TargetDraft {
  return { kind: 'target', provider: '', model: '', api: '', alias: '' };
}

/** Splits "a, b\nc" into ['a', 'b', 'c']: trimmed, empty entries and repeats left out. */
export function splitList(text: string): string[] {
  const seen = new Set<string>();
  for (const part of text.split(/[,\n]/)) {
    const value = part.trim();
    if (value) seen.add(value);
  }
  return [...seen];
}

export function joinList(values: readonly unknown[]): string {
  return values.filter((v) => typeof v === 'string' || typeof v === 'number').join(', ');
}

export function blankDraft(takenIds: readonly string[] = [], key = newDraftKey()): RuleDraft {
  let n = takenIds.length + 1;
  while (takenIds.includes(`rule-${n}`)) n += 1;
  return {
    key,
    id: `rule-${n}`,
    name: '',
    enabled: true,
    tools: '',
    models: '',
    dialects: [],
    minTokens: '',
    maxTokens: '',
    hasTools: 'any',
    hasImages: 'any',
    thinking: 'any',
    lastUserMessage: '',
    headers: [],
    days: [],
    from: '',
    until: '',
    timeZone: '',
    budgetId: '',
    budgetAbove: '',
    budgetBelow: '',
    action: 'route',
    targets: [emptyTarget()],
    rejectStatus: '',
    rejectMessage: '',
    tags: '',
    fallbackOn: '',
    timeoutMs: '',
    dropped: [],
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

function listText(value: unknown): string {
  if (Array.isArray(value)) return joinList(value);
  return typeof value === 'string' ? value : '';
}

function tri(value: unknown): TriState {
  return value === true ? 'yes' : value === false ? 'no' : 'any';
}

export function targetDraftOf(ref: unknown): TargetDraft {
  if (typeof ref === 'string') return { ...emptyTarget(), kind: 'alias', alias: ref };
  if (!isRecord(ref)) return emptyTarget();
  const api = ref.api === 'chat' || ref.api === 'responses' ? ref.api : '';
  return { kind: 'target', provider: text(ref.provider), model: text(ref.model), api, alias: '' };
}

const RULE_KEYS = new Set(['id', 'name', 'enabled', 'when', 'then', 'tags', 'fallbackOn', 'timeoutMs']);
const WHEN_KEYS = new Set([
  'tools',
  'dialects',
  'models',
  'inputTokens',
  'hasTools',
  'hasImages',
  'thinking',
  'lastUserMessage',
  'headers',
  'schedule',
  'budget',
]);

/** A stored rule (possibly invalid, as rules:get returns it) as a form draft. */
export function draftFromRule(raw: unknown, key = newDraftKey()): RuleDraft {
  const draft = blankDraft([], key);
  draft.id = '';
  if (!isRecord(raw)) return { ...draft, dropped: ['the whole rule (not an object)'] };
  const dropped: string[] = Object.keys(raw).filter((k) => !RULE_KEYS.has(k));
  draft.id = text(raw.id);
  draft.name = text(raw.name);
  draft.enabled = raw.enabled !== false;
  const when = isRecord(raw.when) ? raw.when : {};
  for (const k of Object.keys(when)) if (!WHEN_KEYS.has(k)) dropped.push(`when.${k}`);
  draft.tools = listText(when.tools);
  draft.models = listText(when.models);
  draft.dialects = Array.isArray(when.dialects)
    ? API_DIALECTS.filter((d) => (when.dialects as unknown[]).includes(d))
    : [];
  if (isRecord(when.inputTokens)) {
    draft.minTokens = text(when.inputTokens.min);
    draft.maxTokens = text(when.inputTokens.max);
  }
  draft.hasTools = tri(when.hasTools);
  draft.hasImages = tri(when.hasImages);
  draft.thinking = tri(when.thinking);
  draft.lastUserMessage = text(when.lastUserMessage);
  if (isRecord(when.headers)) {
    draft.headers = Object.entries(when.headers).map(([name, pattern]) => ({ name, pattern: text(pattern) }));
  }
  if (isRecord(when.schedule)) {
    const schedule = when.schedule;
    draft.days = Array.isArray(schedule.days)
      ? WEEKDAYS.filter((d) => (schedule.days as unknown[]).includes(d))
      : [];
    draft.from = text(schedule.from);
    draft.until = text(schedule.until);
    draft.timeZone = text(schedule.timeZone);
  }
  if (isRecord(when.budget)) {
    draft.budgetId = text(when.budget.id);
    draft.budgetAbove = text(when.budget.above);
    draft.budgetBelow = text(when.budget.below);
  }
  const then = isRecord(raw.then) ? raw.then : {};
  if ('route' in then) {
    draft.action = 'route';
    draft.targets = [targetDraftOf(then.route)];
  } else if ('chain' in then) {
    draft.action = 'chain';
    draft.targets = Array.isArray(then.chain) ? then.chain.map(targetDraftOf) : [emptyTarget()];
    if (draft.targets.length === 0) draft.targets = [emptyTarget()];
  } else if ('reject' in then) {
    draft.action = 'reject';
    const reject = isRecord(then.reject) ? then.reject : {};
    draft.rejectStatus = text(reject.status);
    draft.rejectMessage = text(reject.message);
  } else if ('pass' in then) {
    draft.action = 'pass';
  } else {
    dropped.push('then (no route, chain, reject or pass)');
  }
  draft.tags = listText(raw.tags);
  draft.fallbackOn = listText(raw.fallbackOn);
  draft.timeoutMs = text(raw.timeoutMs);
  draft.dropped = dropped;
  return draft;
}

/** A number when the text is one; otherwise the text itself, so the core names the problem (best effort). */
function numberOrText(value: string): number {
  const trimmed = value.trim();
  const n = Number(trimmed);
  return (trimmed !== '' && Number.isFinite(n) ? n : trimmed) as number;
}

function triValue(value: TriState): boolean | undefined {
  return value === 'yes' ? true : value === 'no' ? false : undefined;
}

export function targetRefOf(target: TargetDraft): TargetRef {
  if (target.kind === 'alias') return target.alias.trim();
  const ref: RouteTarget = { provider: target.provider.trim(), model: target.model.trim() };
  if (target.api) ref.api = target.api;
  return ref;
}

export function fallbackTriggers(text: string): FallbackTrigger[] {
  return splitList(text).map((token) =>
    (FALLBACK_WORDS as readonly string[]).includes(token.toLowerCase())
      ? (token.toLowerCase() as FallbackTrigger)
      : numberOrText(token),
  );
}

export function conditionsOf(draft: RuleDraft): RuleConditions {
  const when: RuleConditions = {};
  const tools = splitList(draft.tools);
  if (tools.length > 0) when.tools = tools;
  if (draft.dialects.length > 0) when.dialects = [...draft.dialects];
  const models = splitList(draft.models);
  if (models.length > 0) when.models = models;
  if (draft.minTokens.trim() || draft.maxTokens.trim()) {
    when.inputTokens = {};
    if (draft.minTokens.trim()) when.inputTokens.min = numberOrText(draft.minTokens);
    if (draft.maxTokens.trim()) when.inputTokens.max = numberOrText(draft.maxTokens);
  }
  const hasTools = triValue(draft.hasTools);
  if (hasTools !== undefined) when.hasTools = hasTools;
  const hasImages = triValue(draft.hasImages);
  if (hasImages !== undefined) when.hasImages = hasImages;
  const thinking = triValue(draft.thinking);
  if (thinking !== undefined) when.thinking = thinking;
  if (draft.lastUserMessage.trim()) when.lastUserMessage = draft.lastUserMessage;
  const headers = draft.headers.filter((h) => h.name.trim() || h.pattern);
  if (headers.length > 0) {
    when.headers = Object.fromEntries(headers.map((h) => [h.name.trim(), h.pattern]));
  }
  if (draft.days.length > 0 || draft.from.trim() || draft.until.trim() || draft.timeZone.trim()) {
    when.schedule = {};
    if (draft.days.length > 0) when.schedule.days = WEEKDAYS.filter((d) => draft.days.includes(d));
    if (draft.from.trim()) when.schedule.from = draft.from.trim();
    if (draft.until.trim()) when.schedule.until = draft.until.trim();
    if (draft.timeZone.trim()) when.schedule.timeZone = draft.timeZone.trim();
  }
  if (draft.budgetId.trim() || draft.budgetAbove.trim() || draft.budgetBelow.trim()) {
    when.budget = { id: draft.budgetId.trim() };
    if (draft.budgetAbove.trim()) when.budget.above = numberOrText(draft.budgetAbove);
    if (draft.budgetBelow.trim()) when.budget.below = numberOrText(draft.budgetBelow);
  }
  return when;
}

export function actionOf(draft: RuleDraft): RuleAction {
  switch (draft.action) {
    case 'route':
      return { route: targetRefOf(draft.targets[0] ?? emptyTarget()) };
    case 'chain':
      return { chain: draft.targets.map(targetRefOf) };
    case 'reject': {
      const reject: { status?: number; message: string } = { message: draft.rejectMessage.trim() };
      if (draft.rejectStatus.trim()) reject.status = numberOrText(draft.rejectStatus);
      return { reject };
    }
    case 'pass':
      return { pass: true };
  }
}

/** The rule to store. Fields left empty are left out, so the stored JSON stays as small as the user meant. */
export function draftToRule(draft: RuleDraft): RoutingRule {
  const rule: RoutingRule = { id: draft.id.trim(), then: actionOf(draft) };
  if (draft.name.trim()) rule.name = draft.name.trim();
  if (!draft.enabled) rule.enabled = false;
  const when = conditionsOf(draft);
  if (Object.keys(when).length > 0) rule.when = when;
  const tags = splitList(draft.tags);
  if (tags.length > 0) rule.tags = tags;
  const fallbackOn = fallbackTriggers(draft.fallbackOn);
  if (fallbackOn.length > 0) rule.fallbackOn = fallbackOn;
  if (draft.timeoutMs.trim()) rule.timeoutMs = numberOrText(draft.timeoutMs);
  // Keep the key order of the schema (id, name, enabled, when, then, ...) for a readable config file.
  const { id, name, enabled, when: w, then, ...rest } = rule;
  return {
    id,
    ...(name !== undefined ? { name } : {}),
    ...(enabled !== undefined ? { enabled } : {}),
    ...(w !== undefined ? { when: w } : {}),
    then,
    ...rest,
  };
}

const RULE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** The core's rule: "pattern" or "/pattern/flags"; null when it compiles, else the problem. */
export function regexProblem(source: string): string | null {
  const literal = /^\/(.+)\/([dgimsuy]*)$/s.exec(source);
  try {
    if (literal) new RegExp(literal[1]!, literal[2]!.replace(/[gy]/g, ''));
    else new RegExp(source);
    return null;
  } catch (error) {
    return `Not a valid regular expression: ${(error as Error).message}`;
  }
}

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function integer(value: string, { min, max }: { min?: number; max?: number } = {}): string | null {
  const trimmed = value.trim();
  if (!/^-?\d+$/.test(trimmed)) return 'Enter a whole number';
  const n = Number(trimmed);
  if (min !== undefined && n < min) return `At least ${min}`;
  if (max !== undefined && n > max) return `At most ${max}`;
  return null;
}

function percent(value: string): string | null {
  const n = Number(value.trim());
  if (value.trim() === '' || !Number.isFinite(n)) return 'Enter a number (percent of the budget)';
  if (n < 0) return 'Not below 0';
  return null;
}

export function validateTarget(
  target: TargetDraft,
  prefix: string,
  ctx: RuleContext,
  errors: RuleErrors,
): void {
  if (target.kind === 'alias') {
    const alias = target.alias.trim();
    if (!alias) errors[`${prefix}.alias`] = 'Pick an alias';
    else if (!ctx.aliases.has(alias)) errors[`${prefix}.alias`] = `No alias named "${alias}"`;
    return;
  }
  const provider = target.provider.trim();
  if (!provider) errors[`${prefix}.provider`] = 'Pick a provider';
  else if (ctx.providers && !ctx.providers.has(provider)) {
    errors[`${prefix}.provider`] = `No provider with id "${provider}"`;
  }
  if (!target.model.trim()) errors[`${prefix}.model`] = 'Enter the model name the provider knows';
  if (target.api && provider && ctx.providers?.has(provider) && ctx.providers.get(provider) !== 'openai') {
    errors[`${prefix}.api`] =
      `Only OpenAI-dialect providers take an API; "${provider}" speaks ${ctx.providers.get(provider)}`;
  }
}

/** Problems the form can name itself, by field; empty when the draft may be sent. */
export function validateRuleDraft(
  draft: RuleDraft,
  ctx: RuleContext,
  otherIds: readonly string[] = [],
): RuleErrors {
  const errors: RuleErrors = {};
  const id = draft.id.trim();
  if (!id) errors.id = 'Give the rule an id';
  else if (!RULE_ID.test(id))
    errors.id = 'Use letters, digits, ".", "_" or "-" (up to 64, starting with a letter or digit)';
  else if (otherIds.includes(id)) errors.id = `Another rule already has the id "${id}"`;

  if (draft.minTokens.trim()) {
    const problem = integer(draft.minTokens, { min: 0 });
    if (problem) errors.minTokens = problem;
  }
  if (draft.maxTokens.trim()) {
    const problem = integer(draft.maxTokens, { min: 1 });
    if (problem) errors.maxTokens = problem;
  }
  if (
    !errors.minTokens &&
    !errors.maxTokens &&
    draft.minTokens.trim() &&
    draft.maxTokens.trim() &&
    Number(draft.minTokens) > Number(draft.maxTokens)
  ) {
    errors.maxTokens = 'The maximum is below the minimum';
  }
  if (draft.lastUserMessage.trim()) {
    const problem = regexProblem(draft.lastUserMessage);
    if (problem) errors.lastUserMessage = problem;
  }
  const headerNames = new Set<string>();
  draft.headers.forEach((header, i) => {
    const name = header.name.trim();
    if (!name && !header.pattern) return;
    if (!name) errors[`headers.${i}.name`] = 'Enter the header name';
    else if (!HEADER_NAME.test(name)) errors[`headers.${i}.name`] = 'Not a valid header name';
    else if (headerNames.has(name.toLowerCase()))
      errors[`headers.${i}.name`] = 'This header is already listed';
    headerNames.add(name.toLowerCase());
    if (!header.pattern) errors[`headers.${i}.pattern`] = 'Enter a regular expression the value must match';
    else {
      const problem = regexProblem(header.pattern);
      if (problem) errors[`headers.${i}.pattern`] = problem;
    }
  });
  if (draft.from.trim() && !CLOCK.test(draft.from.trim())) errors.from = 'Use HH:MM (24-hour)';
  if (draft.until.trim() && !CLOCK.test(draft.until.trim())) errors.until = 'Use HH:MM (24-hour)';
  if (draft.timeZone.trim() && !isTimeZone(draft.timeZone.trim())) {
    errors.timeZone = `Unknown time zone "${draft.timeZone.trim()}" (e.g. Europe/Berlin)`;
  }
  if (draft.budgetAbove.trim() || draft.budgetBelow.trim() || draft.budgetId.trim()) {
    if (!draft.budgetId.trim()) errors.budgetId = 'Pick the budget this condition watches';
    if (draft.budgetAbove.trim()) {
      const problem = percent(draft.budgetAbove);
      if (problem) errors.budgetAbove = problem;
    }
    if (draft.budgetBelow.trim()) {
      const problem = percent(draft.budgetBelow);
      if (problem) errors.budgetBelow = problem;
    }
  }

  if (draft.action === 'route') {
    validateTarget(draft.targets[0] ?? emptyTarget(), 'targets.0', ctx, errors);
  } else if (draft.action === 'chain') {
    if (draft.targets.length === 0) errors.targets = 'A chain needs at least one target';
    draft.targets.forEach((target, i) => validateTarget(target, `targets.${i}`, ctx, errors));
  } else if (draft.action === 'reject') {
    if (!draft.rejectMessage.trim()) errors.rejectMessage = 'Say why: the client sees this message';
    if (draft.rejectStatus.trim()) {
      const problem = integer(draft.rejectStatus, { min: 400, max: 599 });
      if (problem) errors.rejectStatus = `${problem} (an HTTP error status, 400–599)`;
    }
  }

  for (const token of splitList(draft.fallbackOn)) {
    const word = (FALLBACK_WORDS as readonly string[]).includes(token.toLowerCase());
    if (!word && integer(token, { min: 400, max: 599 }) !== null) {
      errors.fallbackOn = `"${token}" is not connection, timeout, 429, 5xx or a status 400–599`;
      break;
    }
  }
  if (draft.timeoutMs.trim()) {
    const problem = integer(draft.timeoutMs, { min: 1 });
    if (problem) errors.timeoutMs = `${problem} (milliseconds)`;
  }
  return errors;
}

/** Every draft's errors, duplicate ids included. */
export function validateDrafts(drafts: readonly RuleDraft[], ctx: RuleContext): RuleErrors[] {
  return drafts.map((draft, index) =>
    validateRuleDraft(
      draft,
      ctx,
      drafts.filter((_, i) => i < index).map((d) => d.id.trim()),
    ),
  );
}

export function errorCount(errors: readonly RuleErrors[]): number {
  return errors.reduce((sum, e) => sum + Object.keys(e).length, 0);
}

/**
 * The core names rule problems as `rules[2] "cheap": then.route: no provider with id "x"`; this sorts them by
 * rule index (the draft order that was sent) with the prefix removed. Anything else (aliases) is general.
 */
export function problemsByRule(
  problems: readonly string[],
  count: number,
): { byIndex: string[][]; general: string[] } {
  const byIndex: string[][] = Array.from({ length: count }, () => []);
  const general: string[] = [];
  for (const problem of problems) {
    const match = /^rules\[(\d+)\](?: "(?:[^"\\]|\\.)*")?: (.*)$/s.exec(problem);
    const index = match ? Number(match[1]) : -1;
    if (match && index < count) byIndex[index]!.push(match[2]!);
    else general.push(problem);
  }
  return { byIndex, general };
}

/** Moves one item; out-of-range moves return the list unchanged. */
export function moveItem<T>(list: readonly T[], from: number, to: number): T[] {
  if (from < 0 || from >= list.length || to < 0 || to >= list.length || from === to) return [...list];
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item!);
  return next;
}

function targetLabel(target: TargetDraft): string {
  if (target.kind === 'alias') return target.alias.trim() || '(alias?)';
  return `${target.provider.trim() || '?'} / ${target.model.trim() || '?'}`;
}

/** One line saying what the rule does, for the list: "claude-code, claude-* → openrouter / gpt-4o-mini". */
export function describeRule(draft: RuleDraft): string {
  const when: string[] = [];
  const tools = splitList(draft.tools);
  if (tools.length) when.push(`tool ${tools.join(' or ')}`);
  const models = splitList(draft.models);
  if (models.length) when.push(`model ${models.join(' or ')}`);
  if (draft.dialects.length) when.push(draft.dialects.join(' or '));
  if (draft.minTokens.trim() || draft.maxTokens.trim()) {
    when.push(`${draft.minTokens.trim() || '0'}–${draft.maxTokens.trim() || '∞'} input tokens`);
  }
  if (draft.hasTools !== 'any') when.push(draft.hasTools === 'yes' ? 'with tools' : 'without tools');
  if (draft.hasImages !== 'any') when.push(draft.hasImages === 'yes' ? 'with images' : 'without images');
  if (draft.thinking !== 'any') when.push(draft.thinking === 'yes' ? 'thinking' : 'no thinking');
  if (draft.lastUserMessage.trim()) when.push(`message matches ${draft.lastUserMessage.trim()}`);
  if (draft.headers.some((h) => h.name.trim())) when.push('headers match');
  if (draft.days.length || draft.from.trim() || draft.until.trim()) {
    when.push(
      [
        draft.days.join('/'),
        draft.from.trim() || draft.until.trim() ? `${draft.from || '00:00'}–${draft.until || '24:00'}` : '',
      ]
        .filter(Boolean)
        .join(' '),
    );
  }
  if (draft.budgetId.trim()) {
    const bounds = [
      draft.budgetAbove.trim() ? `above ${draft.budgetAbove.trim()}%` : '',
      draft.budgetBelow.trim() ? `below ${draft.budgetBelow.trim()}%` : '',
    ].filter(Boolean);
    when.push(`budget ${draft.budgetId.trim()}${bounds.length ? ` ${bounds.join(' and ')}` : ''}`);
  }
  const condition = when.length ? when.join(', ') : 'every request';
  let action: string;
  switch (draft.action) {
    case 'route':
      action = `route to ${targetLabel(draft.targets[0] ?? emptyTarget())}`;
      break;
    case 'chain':
      action = `try ${draft.targets.map(targetLabel).join(', then ')}`;
      break;
    case 'reject':
      action = `reject${draft.rejectStatus.trim() ? ` (${draft.rejectStatus.trim()})` : ''}`;
      break;
    case 'pass':
      action = 'pass through unchanged';
      break;
  }
  return `${condition} → ${action}`;
}

/** Alias names usable in pickers: the stored ones (valid or not) and the ones in force. */
export function aliasNames(raw: unknown, inForce: Record<string, unknown> | undefined): string[] {
  const names = new Set<string>(Object.keys(inForce ?? {}));
  if (isRecord(raw)) for (const name of Object.keys(raw)) names.add(name);
  return [...names].sort((a, b) => a.localeCompare(b));
}

/** Whether two draft lists would store the same rules (order matters). */
export function sameRules(a: readonly RuleDraft[], b: readonly RuleDraft[]): boolean {
  return JSON.stringify(a.map(draftToRule)) === JSON.stringify(b.map(draftToRule));
}
