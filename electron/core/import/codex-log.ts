import type { TokenUsage } from '../../../shared/usage';
import {
  isJsonObject,
  nonEmptyString,
  nonNegative,
  objectField,
  tokenCount,
  type JsonObject,
} from '../dialects/usage-types';
import { emptyParsedLog, totalTokens, type ImportedCall, type ParsedLog } from './import-types';
import { isTruncatedObject, readLines } from './log-files';

/**
 * Codex's session rollouts (`$CODEX_HOME/sessions/YYYY/MM/DD/rollout-<time>-<thread id>.jsonl`), one
 * `{"timestamp", "type", "payload"}` object a line. What matters here:
 *
 *   session_meta        payload.id (the thread id, sent as the `session-id` header), payload.session_id
 *   turn_context        payload.turn_id, payload.model (the model of that turn)
 *   token_usage_record  (0.171+) one per model response: payload.response_id, payload.turn_id,
 *                       payload.usage, payload.thread_token_usage (the thread's running total after it)
 *   event_msg           payload.type "token_count": payload.info.last_token_usage (the last response) and
 *                       info.total_token_usage (the running total); payload.rate_limits (plan windows, plan_type)
 *
 * Usage objects are {input_tokens, cached_input_tokens, cache_write_input_tokens, output_tokens,
 * reasoning_output_tokens, total_tokens} in OpenAI's convention: cached (and cache-write) tokens are part of
 * input_tokens, reasoning is part of output_tokens.
 *
 * token_count events repeat: the same last_token_usage is announced again (after a tool call, on resume) with
 * an unchanged total. A token_count counts only when the running total moved. Once a file has per-response
 * token_usage_record lines, they are the calls and the token_count events that follow them only repeat them.
 */
export async function parseCodexLog(file: string): Promise<ParsedLog> {
  const result = emptyParsedLog();
  const state: State = {
    threadId: null,
    rootSessionId: null,
    model: null,
    turnModels: new Map(),
    lastTotal: null,
    hasRecords: false,
    subscription: null,
  };
  const seen = new Set<string>();
  for await (const raw of readLines(file)) {
    const line = raw.trim();
    if (line === '') continue;
    result.lines += 1;
    if (isTruncatedObject(line)) {
      result.malformed += 1;
      continue;
    }
    if (!MARKERS.some((marker) => line.includes(marker))) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      result.malformed += 1;
      continue;
    }
    if (!isJsonObject(value)) continue;
    const payload = objectField(value, 'payload');
    if (!payload) continue;
    const step = readLine(state, value, payload);
    if (step === null) continue;
    if (step === 'duplicate') result.duplicates += 1;
    else if (step === 'malformed') result.malformed += 1;
    else if (step === 'no-usage') result.noUsage += 1;
    else if (seen.has(step.key)) result.duplicates += 1;
    else {
      seen.add(step.key);
      result.calls.push(step);
    }
  }
  // The plan shows in token_count events, which follow the responses they describe: decide once per file.
  const billing = state.subscription === null ? null : state.subscription ? 'subscription' : 'on_demand';
  for (const call of result.calls) call.billing = billing;
  return result;
}

const MARKERS = ['"session_meta"', '"turn_context"', '"token_count"', '"token_usage_record"'];

interface State {
  threadId: string | null;
  rootSessionId: string | null;
  model: string | null;
  turnModels: Map<string, string>;
  /** The thread's running total after the last call counted. */
  lastTotal: JsonObject | null;
  hasRecords: boolean;
  /** Whether the rate_limits seen name a ChatGPT plan; null when the file reports none. */
  subscription: boolean | null;
}

function readLine(
  state: State,
  line: JsonObject,
  payload: JsonObject,
): ImportedCall | 'duplicate' | 'malformed' | 'no-usage' | null {
  switch (line['type']) {
    case 'session_meta':
      state.threadId ??= nonEmptyString(payload['id']);
      state.rootSessionId ??= nonEmptyString(payload['session_id']);
      // Older releases named the model here.
      state.model = nonEmptyString(payload['model']) ?? state.model;
      return null;
    case 'turn_context': {
      const model = nonEmptyString(payload['model']);
      const turnId = nonEmptyString(payload['turn_id']);
      if (model) {
        state.model = model;
        if (turnId) state.turnModels.set(turnId, model);
      }
      return null;
    }
    case 'token_usage_record':
      return readUsageRecord(state, line, payload);
    case 'event_msg':
      return payload['type'] === 'token_count' ? readTokenCount(state, line, payload) : null;
    default:
      return null;
  }
}

function readUsageRecord(
  state: State,
  line: JsonObject,
  payload: JsonObject,
): ImportedCall | 'malformed' | 'no-usage' {
  state.hasRecords = true;
  const usageJson = objectField(payload, 'usage');
  const threadTotal = objectField(payload, 'thread_token_usage');
  if (threadTotal) state.lastTotal = threadTotal;
  const at = Date.parse(nonEmptyString(line['timestamp']) ?? '');
  if (!usageJson || Number.isNaN(at)) return 'malformed';
  const usage = codexTokenUsage(usageJson);
  if (totalTokens(usage) === 0) return 'no-usage';
  const responseId = nonEmptyString(payload['response_id']);
  const turnId = nonEmptyString(payload['turn_id']);
  const threadId = nonEmptyString(payload['thread_id']) ?? state.threadId;
  const sessionId = nonEmptyString(payload['session_id']) ?? state.rootSessionId;
  return {
    key: responseId ? `response:${responseId}` : fingerprintKey(line, threadTotal ?? usageJson),
    altKeys: [],
    at,
    sessionId: threadId,
    altSessionIds: sessionId && sessionId !== threadId ? [sessionId] : [],
    model: (turnId ? state.turnModels.get(turnId) : undefined) ?? state.model,
    usage,
    upstreamRequestId: null,
    billing: null,
  };
}

function readTokenCount(
  state: State,
  line: JsonObject,
  payload: JsonObject,
): ImportedCall | 'duplicate' | 'malformed' | 'no-usage' | null {
  const limits = objectField(payload, 'rate_limits');
  if (limits) state.subscription = (state.subscription ?? false) || namesPlan(limits);
  const info = objectField(payload, 'info');
  // A token_count without info only reports rate limits.
  if (!info) return null;
  if (state.hasRecords) return 'duplicate';
  const total = objectField(info, 'total_token_usage');
  const last = objectField(info, 'last_token_usage');
  if (total && state.lastTotal && sameUsage(total, state.lastTotal)) return 'duplicate';
  const at = Date.parse(nonEmptyString(line['timestamp']) ?? '');
  if (Number.isNaN(at) || (!total && !last)) return 'malformed';
  const usage = last ? codexTokenUsage(last) : difference(total!, state.lastTotal);
  if (total) state.lastTotal = total;
  if (totalTokens(usage) === 0) return 'no-usage';
  return {
    key: fingerprintKey(line, total ?? last!),
    altKeys: [],
    at,
    sessionId: state.threadId,
    altSessionIds: state.rootSessionId && state.rootSessionId !== state.threadId ? [state.rootSessionId] : [],
    model: nonEmptyString(info['model']) ?? nonEmptyString(payload['model']) ?? state.model,
    usage,
    upstreamRequestId: null,
    billing: null,
  };
}

const USAGE_FIELDS = [
  'input_tokens',
  'cached_input_tokens',
  'cache_write_input_tokens',
  'output_tokens',
  'reasoning_output_tokens',
  'total_tokens',
] as const;

/**
 * A call without a response id is known by its time and the thread's running total after it: unique within a
 * thread, and unchanged when a fork or resume copies the line into another rollout.
 */
function fingerprintKey(line: JsonObject, total: JsonObject): string {
  const counts = USAGE_FIELDS.map((field) => tokenCount(total, field)).join(':');
  return `usage:${nonEmptyString(line['timestamp']) ?? ''}:${counts}`;
}

function sameUsage(a: JsonObject, b: JsonObject): boolean {
  return USAGE_FIELDS.every((field) => tokenCount(a, field) === tokenCount(b, field));
}

/** OpenAI's convention: cached and cache-write tokens are inside input_tokens, reasoning inside output_tokens. */
export function codexTokenUsage(usage: JsonObject): TokenUsage {
  const cacheRead = tokenCount(usage, 'cached_input_tokens');
  const cacheWrite = tokenCount(usage, 'cache_write_input_tokens');
  return {
    inputTokens: nonNegative(tokenCount(usage, 'input_tokens') - cacheRead - cacheWrite),
    cacheReadTokens: cacheRead,
    cacheWrite5mTokens: cacheWrite,
    cacheWrite1hTokens: 0,
    outputTokens: tokenCount(usage, 'output_tokens'),
    reasoningTokens: tokenCount(usage, 'reasoning_output_tokens'),
  };
}

/** The last call's usage from two running totals (logs whose token_count has no last_token_usage). */
function difference(total: JsonObject, before: JsonObject | null): TokenUsage {
  const delta: JsonObject = {};
  for (const field of USAGE_FIELDS) delta[field] = tokenCount(total, field) - tokenCount(before ?? {}, field);
  return codexTokenUsage(delta);
}

/**
 * A ChatGPT sign-in reports the plan's windows (the x-codex-primary-* / -secondary-* headers) and plan_type;
 * with an API key they are all null.
 */
function namesPlan(limits: JsonObject): boolean {
  return (
    nonEmptyString(limits['plan_type']) !== null ||
    objectField(limits, 'primary') !== undefined ||
    objectField(limits, 'secondary') !== undefined
  );
}
