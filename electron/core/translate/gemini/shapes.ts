import type { JsonObject } from '../translator';

/** Readers for untrusted JSON: each returns undefined (or an empty list) when the shape is not the expected one. */

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function objectAt(value: unknown, key: string): JsonObject | undefined {
  if (!isObject(value)) return undefined;
  const field = value[key];
  return isObject(field) ? field : undefined;
}

export function stringAt(value: unknown, key: string): string | undefined {
  if (!isObject(value)) return undefined;
  const field = value[key];
  return typeof field === 'string' ? field : undefined;
}

export function numberAt(value: unknown, key: string): number | undefined {
  if (!isObject(value)) return undefined;
  const field = value[key];
  return typeof field === 'number' && Number.isFinite(field) ? field : undefined;
}

/** The objects in an array field; anything else in the array is skipped. */
export function objectsAt(value: unknown, key: string): JsonObject[] {
  if (!isObject(value)) return [];
  const field = value[key];
  return Array.isArray(field) ? field.filter(isObject) : [];
}

export function stringsAt(value: unknown, key: string): string[] {
  if (!isObject(value)) return [];
  const field = value[key];
  return Array.isArray(field) ? field.filter((item): item is string => typeof item === 'string') : [];
}

/** JSON.parse that returns undefined instead of throwing. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
