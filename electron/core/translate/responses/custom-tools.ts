import type { JsonObject } from '../translator';
import { isObject, stringOf } from './shapes';

// A freeform (`type: "custom"`) tool takes raw text, e.g. Codex's apply_patch takes a patch. Chat only knows
// JSON functions, so through the pivot it is a function with one string parameter `input`, and its call's
// arguments are `{"input": "<raw text>"}`.

/** The JSON Schema of the function standing in for a custom tool; a grammar is spelled out for the model. */
export function customToolParameters(format: unknown): JsonObject {
  let description = 'The raw text input of this tool.';
  if (isObject(format) && format.type === 'grammar') {
    const definition = stringOf(format.definition);
    if (definition) {
      const syntax = stringOf(format.syntax) ?? 'formal';
      description += ` It must match this ${syntax} grammar:\n${definition}`;
    }
  }
  return {
    type: 'object',
    properties: { input: { type: 'string', description } },
    required: ['input'],
    additionalProperties: false,
  };
}

export function wrapCustomInput(input: string): string {
  return JSON.stringify({ input });
}

/** The raw input inside a function call's arguments; the raw arguments when the model did not wrap them. */
export function unwrapCustomInput(args: string): string {
  try {
    const parsed: unknown = JSON.parse(args);
    if (isObject(parsed) && typeof parsed.input === 'string') return parsed.input;
  } catch {
    // not JSON: the model sent the input itself
  }
  return args;
}
