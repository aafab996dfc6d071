import type { JsonObject } from '../translator';

// Request and upstream bodies are untrusted JSON: these readers return undefined (or empty) for a wrong shape
// instead of throwing, so a malformed field is skipped rather than failing the whole translation.

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function numberOf(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** The object elements of an array; anything else yields an empty list. */
export function objectsOf(value: unknown): JsonObject[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

/** One SSE event's data; malformed JSON or a non-object yields null so a bad event is ignored. */
export function parseObject(text: string): JsonObject | null {
  try {
    const parsed: unknown = JSON.parse(text);
    return isObject(parsed) ? parsed : null;
  } catch {
    return null;
  }
}
