import { isJsonObject, type JsonObject } from '../../dialects/usage-types';

/**
 * Chat carries tool arguments as JSON text, Anthropic as an object. Text that is not a JSON object is kept
 * under `_raw` instead of becoming {}, so what the model wrote is not silently lost.
 */
export function toolInputFromArguments(args: unknown): JsonObject {
  // A few OpenAI-compatible servers send the arguments as an object already.
  if (isJsonObject(args)) return args;
  if (typeof args !== 'string' || args.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(args);
    if (isJsonObject(parsed)) return parsed;
  } catch {
    // not JSON: kept raw below
  }
  return { _raw: args };
}
