import type { ChatTool, ChatToolChoice } from '../chat-types';
import type { JsonObject, TranslateContext } from '../translator';
import { customToolParameters } from './custom-tools';
import { isObject, objectsOf, stringOf } from './shapes';

/**
 * Responses tools → chat function tools. Function tools map one to one; custom (freeform) tools become
 * functions taking `{input}` and are remembered in ctx.customToolNames so their calls go back to the client
 * as custom_tool_call items. Hosted tools (web_search, local_shell, file_search…) run inside OpenAI and
 * cannot be offered to another upstream: dropped.
 */
export function toolsToChat(tools: unknown, ctx: TranslateContext): ChatTool[] {
  const chatTools: ChatTool[] = [];
  for (const tool of objectsOf(tools)) {
    const name = stringOf(tool.name);
    if (!name) continue;
    const description = stringOf(tool.description);
    if (tool.type === 'function') {
      const fn: ChatTool['function'] = { name };
      if (description !== undefined) fn.description = description;
      if (isObject(tool.parameters)) fn.parameters = tool.parameters;
      if (typeof tool.strict === 'boolean') fn.strict = tool.strict;
      chatTools.push({ type: 'function', function: fn });
    } else if (tool.type === 'custom') {
      ctx.customToolNames.add(name);
      const fn: ChatTool['function'] = { name, parameters: customToolParameters(tool.format) };
      if (description !== undefined) fn.description = description;
      chatTools.push({ type: 'function', function: fn });
    }
  }
  return chatTools;
}

/** Responses tool_choice → chat. A forced hosted tool has no chat equivalent and is left to the model. */
export function toolChoiceToChat(choice: unknown): ChatToolChoice | undefined {
  if (choice === 'auto' || choice === 'none' || choice === 'required') return choice;
  if (isObject(choice) && (choice.type === 'function' || choice.type === 'custom')) {
    const name = stringOf(choice.name);
    if (name) return { type: 'function', function: { name } };
  }
  return undefined;
}

/** Responses `text.format` → chat `response_format`; plain text needs no format. */
export function textFormatToChat(text: unknown): JsonObject | undefined {
  if (!isObject(text) || !isObject(text.format)) return undefined;
  const format = text.format;
  if (format.type === 'json_object') return { type: 'json_object' };
  if (format.type !== 'json_schema') return undefined;
  const schema: JsonObject = { name: stringOf(format.name) ?? 'response', schema: format.schema };
  if (typeof format.description === 'string') schema.description = format.description;
  if (typeof format.strict === 'boolean') schema.strict = format.strict;
  return { type: 'json_schema', json_schema: schema };
}
