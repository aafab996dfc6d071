import { anthropicTokenUsage } from '../dialects/anthropic-usage';
import { isJsonObject, objectField, type JsonObject } from '../dialects/usage-types';
import { emptyParsedLog, totalTokens, type ImportedCall, type ParsedLog } from './import-types';
import { isTruncatedObject, readLines } from './log-files';

/**
 * Claude Code's session transcripts (`~/.claude/projects/<project>/<session>.jsonl`), one JSON object a line.
 * Only `type: "assistant"` lines carry usage:
 *
 *   {"parentUuid", "isSidechain", "agentId"?, "message": {"id": "msg_…", "model", "content": [one block],
 *    "stop_reason", "usage": {input_tokens, cache_creation_input_tokens, cache_read_input_tokens,
 *    cache_creation: {ephemeral_5m_input_tokens, ephemeral_1h_input_tokens}, output_tokens, service_tier, speed,
 *    server_tool_use}}, "requestId": "req_…", "type": "assistant", "uuid", "timestamp", "sessionId", "cwd",
 *    "version", "gitBranch", …}
 *
 * A streamed response is written as one line per content block (thinking, text, each tool_use), every line
 * repeating the whole message's usage; counting lines instead of messages overcounts 2–4×. Lines are grouped by
 * message.id (and requestId, Anthropic's `request-id` header). The usage is mutated in memory when
 * message_delta arrives, so a line serialised before it holds the provisional output_tokens of message_start
 * (stop_reason still null); of a message's lines the one with a stop_reason and the most output tokens wins.
 *
 * Skipped: `<synthetic>` messages (API errors, interruptions; no request was billed), lines with all-zero
 * usage, and every other line type (user, attachment, system, summary, queue-operation, last-prompt, …).
 * Sidechain lines (sub-agents: `isSidechain: true`, in the session file in older releases and in
 * `<session>/subagents/agent-<id>.jsonl` since) are real API calls and are kept.
 */
export async function parseClaudeCodeLog(file: string): Promise<ParsedLog> {
  const result = emptyParsedLog();
  const byKey = new Map<string, Candidate>();
  const byRequestId = new Map<string, Candidate>();
  for await (const raw of readLines(file)) {
    const line = raw.trim();
    if (line === '') continue;
    result.lines += 1;
    if (isTruncatedObject(line)) {
      result.malformed += 1;
      continue;
    }
    // Only assistant lines with usage matter; the rest (tool results can be megabytes) is not parsed.
    if (!line.includes('"usage"') || !line.includes('"assistant"')) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      result.malformed += 1;
      continue;
    }
    if (!isJsonObject(value) || value['type'] !== 'assistant') continue;
    const read = readAssistantLine(value);
    if (read === 'no-usage') {
      result.noUsage += 1;
      continue;
    }
    if (read === 'malformed') {
      result.malformed += 1;
      continue;
    }
    const seen =
      byKey.get(read.call.key) ??
      (read.call.upstreamRequestId ? byRequestId.get(read.call.upstreamRequestId) : undefined);
    if (seen) {
      result.duplicates += 1;
      merge(seen, read);
      continue;
    }
    byKey.set(read.call.key, read);
    if (read.call.upstreamRequestId) byRequestId.set(read.call.upstreamRequestId, read);
    result.calls.push(read.call);
  }
  return result;
}

interface Candidate {
  call: ImportedCall;
  /** The line had a stop_reason: its usage is the final one. */
  final: boolean;
}

const SYNTHETIC_MODEL = '<synthetic>';

function readAssistantLine(line: JsonObject): Candidate | 'no-usage' | 'malformed' {
  const message = objectField(line, 'message');
  const usageJson = objectField(message, 'usage');
  const model = stringField(message, 'model');
  if (!message || !usageJson || model === SYNTHETIC_MODEL || line['isApiErrorMessage'] === true) {
    return 'no-usage';
  }
  const usage = anthropicTokenUsage(usageJson);
  if (totalTokens(usage) === 0) return 'no-usage';
  const at = Date.parse(stringField(line, 'timestamp') ?? '');
  if (Number.isNaN(at)) return 'malformed';
  const messageId = stringField(message, 'id');
  const requestId = stringField(line, 'requestId');
  // Every real response has a message id; the fallbacks only keep a line without one from being lost.
  const key = messageId
    ? `message:${messageId}`
    : requestId
      ? `request:${requestId}`
      : `line:${stringField(line, 'uuid') ?? at}`;
  return {
    call: {
      key,
      altKeys: messageId && requestId ? [`request:${requestId}`] : [],
      at,
      sessionId: stringField(line, 'sessionId'),
      altSessionIds: [],
      model,
      usage,
      upstreamRequestId: requestId,
      // Nothing in the transcript says whether a subscription login or an API key paid (see import-runner.ts).
      billing: null,
    },
    final: typeof message['stop_reason'] === 'string',
  };
}

/** Keeps the earliest time and the most complete usage of a message's lines. */
function merge(seen: Candidate, next: Candidate): void {
  seen.call.at = Math.min(seen.call.at, next.call.at);
  if (better(next, seen)) {
    seen.call.usage = next.call.usage;
    seen.call.model = next.call.model ?? seen.call.model;
    seen.final = next.final;
  }
  seen.call.upstreamRequestId ??= next.call.upstreamRequestId;
  seen.call.sessionId ??= next.call.sessionId;
}

function better(a: Candidate, b: Candidate): boolean {
  if (a.final !== b.final) return a.final;
  return a.call.usage.outputTokens > b.call.usage.outputTokens;
}

function stringField(parent: JsonObject | undefined, key: string): string | null {
  const value = parent?.[key];
  return typeof value === 'string' && value !== '' ? value : null;
}
