import type { TokenUsage } from '../../../shared/usage';

export interface UsageObservation {
  usage: TokenUsage | null; // null when the response carried no usage at all
  servedModel: string | null; // model the upstream says served it (`model`; Gemini `modelVersion`)
  errorMessage: string | null; // error reported inside a 200 body or a stream (SSE `error` event, response.failed, a {"error":...} chunk)
}

export interface StreamUsageTracker {
  /** One SSE event: its `event:` name (undefined if none) and its data text; for Gemini JSON-array streams, one array element's text. */
  onEvent(eventName: string | undefined, data: string): void;
  /** Usage seen so far: also called when a stream was cut or aborted, so it must return the best partial figures. */
  result(): UsageObservation;
}

export interface UsageReader {
  fromJson(body: unknown): UsageObservation;
  createStreamTracker(): StreamUsageTracker;
}

// Small helpers shared by the dialect readers: upstream JSON is untrusted, so every field is checked.

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The object under `key`, or undefined when it is missing, null or not an object. */
export function objectField(parent: JsonObject | undefined, key: string): JsonObject | undefined {
  const value = parent?.[key];
  return isJsonObject(value) ? value : undefined;
}

export function hasNumber(parent: JsonObject | undefined, key: string): boolean {
  const value = parent?.[key];
  return typeof value === 'number' && Number.isFinite(value);
}

/** A token count: missing, null, non-numeric or negative values count as 0. */
export function tokenCount(parent: JsonObject | undefined, key: string): number {
  const value = parent?.[key];
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

export function nonNegative(value: number): number {
  return value > 0 ? value : 0;
}

export function nonEmptyString(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** Parses one event's data; malformed JSON or a non-object yields null so a bad event is simply ignored. */
export function parseJsonObject(text: string): JsonObject | null {
  try {
    const parsed: unknown = JSON.parse(text);
    return isJsonObject(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

/** A readable message from an `error` value of any dialect: a string, or an object with message / type / code / status. */
export function describeError(error: unknown): string | null {
  if (error === null || error === undefined) return null;
  if (typeof error === 'string') return error === '' ? null : error;
  if (!isJsonObject(error)) return JSON.stringify(error);
  for (const key of ['message', 'type', 'code', 'status']) {
    const text = nonEmptyString(error[key]);
    if (text !== null) return text;
  }
  return JSON.stringify(error);
}
