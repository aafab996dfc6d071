import { randomBytes } from 'node:crypto';
import type { Behavior } from './behavior';
import { FAKE_TOOL_ARGS, FAKE_TOOL_NAME } from './constants';

/** What a dialect handler needs to know about one request. */
export interface RequestContext {
  path: string;
  query: URLSearchParams;
  json: unknown;
  behavior: Readonly<Behavior>;
  /** Parsed `x-fake-usage`, replacing the dialect's usage object. */
  usage: unknown;
  tools: boolean;
}

export type JsonObject = Record<string, unknown>;

export function asObject(value: unknown): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as JsonObject)
    : undefined;
}

export function field(value: unknown, key: string): unknown {
  return asObject(value)?.[key];
}

export function stringField(value: unknown, key: string): string | undefined {
  const found = field(value, key);
  return typeof found === 'string' ? found : undefined;
}

export function wantsStream(ctx: RequestContext): boolean {
  return field(ctx.json, 'stream') === true;
}

export function usageOr(ctx: RequestContext, fallback: unknown): unknown {
  return ctx.usage === undefined ? fallback : ctx.usage;
}

const PROCESS_TAG = randomBytes(4).toString('hex');
let counter = 0;

/** Unique enough for tests and far cheaper than random bytes per request. */
export function fakeId(prefix: string): string {
  counter += 1;
  return `${prefix}${PROCESS_TAG}${counter.toString(36).padStart(10, '0')}`;
}

export function unixSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

export interface ToolCallSpec {
  name: string;
  args: Record<string, string>;
  argsJson: string;
}

/** Two calls, named after the request's own tools so real clients accept them. */
export function toolCalls(names: string[]): readonly [ToolCallSpec, ToolCallSpec] {
  const first = names[0] ?? FAKE_TOOL_NAME;
  const second = names[1] ?? first;
  return [spec(first, FAKE_TOOL_ARGS[0]), spec(second, FAKE_TOOL_ARGS[1])];
}

function spec(name: string, args: Record<string, string>): ToolCallSpec {
  return { name, args, argsJson: JSON.stringify(args) };
}

/** Splits a JSON string into `parts` fragments, as providers stream tool arguments. */
export function splitInto(text: string, parts: number): string[] {
  const size = Math.ceil(text.length / parts);
  const pieces: string[] = [];
  for (let start = 0; start < text.length; start += size) pieces.push(text.slice(start, start + size));
  return pieces;
}

export function namesFrom(list: unknown, pick: (tool: unknown) => string | undefined): string[] {
  if (!Array.isArray(list)) return [];
  const names: string[] = [];
  for (const tool of list) {
    const name = pick(tool);
    if (name !== undefined) names.push(name);
  }
  return names;
}
