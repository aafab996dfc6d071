import type { ChatRequest } from '../chat-types';
import type { JsonObject } from '../translator';
import { lowerCaseSchemaTypes } from './schema';
import { isObject, numberAt, objectAt, stringAt, stringsAt } from './shapes';

type Effort = NonNullable<ChatRequest['reasoning_effort']>;
type SamplingFields = Pick<
  ChatRequest,
  'max_tokens' | 'temperature' | 'top_p' | 'stop' | 'reasoning_effort' | 'response_format'
>;

/** generationConfig → the chat request's sampling fields. */
export function generationConfigToChat(config: JsonObject | undefined): SamplingFields {
  const fields: SamplingFields = {};
  const maxTokens = numberAt(config, 'maxOutputTokens');
  if (maxTokens !== undefined) fields.max_tokens = maxTokens;
  const temperature = numberAt(config, 'temperature');
  if (temperature !== undefined) fields.temperature = temperature;
  const topP = numberAt(config, 'topP');
  if (topP !== undefined) fields.top_p = topP;
  const stop = stringsAt(config, 'stopSequences');
  if (stop.length > 0) fields.stop = stop;
  const effort = effortOfThinkingConfig(objectAt(config, 'thinkingConfig'));
  if (effort) fields.reasoning_effort = effort;
  const responseFormat = responseFormatToChat(config);
  if (responseFormat) fields.response_format = responseFormat;
  return fields;
}

const LEVELS = new Set<string>(['minimal', 'low', 'medium', 'high']);

function effortOfThinkingConfig(thinking: JsonObject | undefined): Effort | undefined {
  const level = stringAt(thinking, 'thinkingLevel')?.toLowerCase();
  if (level && LEVELS.has(level)) return level as Effort;
  const budget = numberAt(thinking, 'thinkingBudget');
  // 0 turns thinking off and -1 asks for a dynamic budget; chat has no words for either, so say nothing.
  if (budget === undefined || budget <= 0) return undefined;
  if (budget <= 1024) return 'low';
  if (budget <= 8192) return 'medium';
  return 'high';
}

function responseFormatToChat(config: JsonObject | undefined): Record<string, unknown> | undefined {
  if (stringAt(config, 'responseMimeType') !== 'application/json') return undefined;
  const jsonSchema = objectAt(config, 'responseJsonSchema');
  const openApiSchema = objectAt(config, 'responseSchema');
  const schema = jsonSchema ?? (openApiSchema ? lowerCaseSchemaTypes(openApiSchema) : undefined);
  if (!schema) return { type: 'json_object' };
  return { type: 'json_schema', json_schema: { name: 'response', schema } };
}

const THINKING_BUDGETS: Record<Effort, number> = { minimal: 1024, low: 1024, medium: 8192, high: 24576 };

/** The chat request's sampling fields → generationConfig (undefined when there are none). */
export function generationConfigFromChat(body: ChatRequest): JsonObject | undefined {
  const config: JsonObject = {};
  const maxTokens = body.max_completion_tokens ?? body.max_tokens;
  if (typeof maxTokens === 'number') config.maxOutputTokens = maxTokens;
  if (typeof body.temperature === 'number') config.temperature = body.temperature;
  if (typeof body.top_p === 'number') config.topP = body.top_p;
  const stop = typeof body.stop === 'string' ? [body.stop] : Array.isArray(body.stop) ? body.stop : [];
  const stopSequences = stop.filter((item) => typeof item === 'string' && item !== '');
  if (stopSequences.length > 0) config.stopSequences = stopSequences;
  // "minimal" has no budget every Gemini model accepts (2.5 Pro cannot go below 128), so it gets low's.
  const effort = body.reasoning_effort;
  if (effort && Object.hasOwn(THINKING_BUDGETS, effort)) {
    // Gemini counts thoughts against maxOutputTokens: a budget at or above the cap would leave no room for
    // the answer, so thinking gets at most half of it.
    const budget = THINKING_BUDGETS[effort]!;
    const thinkingBudget =
      typeof maxTokens === 'number' ? Math.min(budget, Math.floor(maxTokens / 2)) : budget;
    config.thinkingConfig = { thinkingBudget, includeThoughts: true };
  }
  Object.assign(config, responseFormatFromChat(body.response_format));
  return Object.keys(config).length > 0 ? config : undefined;
}

function responseFormatFromChat(format: unknown): JsonObject {
  const type = stringAt(format, 'type');
  if (type === 'json_object') return { responseMimeType: 'application/json' };
  if (type !== 'json_schema') return {};
  const schema = objectAt(objectAt(format, 'json_schema'), 'schema');
  return isObject(schema)
    ? { responseMimeType: 'application/json', responseJsonSchema: schema }
    : { responseMimeType: 'application/json' };
}
