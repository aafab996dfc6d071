import type { ChatTool, ChatToolChoice } from '../chat-types';
import type { JsonObject, TranslateContext } from '../translator';
import { lowerCaseSchemaTypes } from './schema';
import { isObject, objectAt, objectsAt, stringAt, stringsAt } from './shapes';

/**
 * Function declarations and the function-calling config, both ways. Only functions cross over: Gemini's
 * built-in tools (googleSearch, codeExecution, urlContext) run on Google's side and have no chat equivalent.
 */

const EMPTY_OBJECT_SCHEMA = { type: 'object', properties: {} };

export function toolsToChat(tools: JsonObject[]): ChatTool[] {
  const chatTools: ChatTool[] = [];
  for (const declaration of tools.flatMap((tool) => objectsAt(tool, 'functionDeclarations'))) {
    const name = stringAt(declaration, 'name');
    if (!name) continue;
    const jsonSchema = objectAt(declaration, 'parametersJsonSchema');
    const openApiSchema = objectAt(declaration, 'parameters');
    const parameters =
      jsonSchema ?? (openApiSchema ? lowerCaseSchemaTypes(openApiSchema) : EMPTY_OBJECT_SCHEMA);
    const description = stringAt(declaration, 'description');
    chatTools.push({
      type: 'function',
      function: {
        name,
        ...(description ? { description } : {}),
        parameters: isObject(parameters) ? parameters : EMPTY_OBJECT_SCHEMA,
      },
    });
  }
  return chatTools;
}

export function toolChoiceToChat(toolConfig: JsonObject | undefined): ChatToolChoice | undefined {
  const config = objectAt(toolConfig, 'functionCallingConfig');
  const mode = stringAt(config, 'mode')?.toUpperCase();
  if (mode === 'NONE') return 'none';
  if (mode === 'AUTO' || mode === 'VALIDATED') return 'auto';
  if (mode !== 'ANY') return undefined;
  // Chat can force one function or any function, not a subset of several.
  const allowed = stringsAt(config, 'allowedFunctionNames');
  const only = allowed.length === 1 ? allowed[0] : undefined;
  return only ? { type: 'function', function: { name: only } } : 'required';
}

export function toolsFromChat(
  tools: ChatTool[] | undefined,
  ctx: TranslateContext,
): JsonObject[] | undefined {
  if (!Array.isArray(tools)) return undefined;
  const declarations: JsonObject[] = [];
  for (const tool of tools) {
    const name = stringAt(objectAt(tool, 'function'), 'name');
    if (!name) continue;
    const declaration: JsonObject = { name: ctx.toolNames.toUpstream(name) };
    const description = stringAt(tool.function, 'description');
    if (description) declaration.description = description;
    if (isObject(tool.function.parameters)) declaration.parametersJsonSchema = tool.function.parameters;
    declarations.push(declaration);
  }
  return declarations.length > 0 ? [{ functionDeclarations: declarations }] : undefined;
}

export function toolChoiceFromChat(choice: unknown, ctx: TranslateContext): JsonObject | undefined {
  const forced = stringAt(objectAt(choice, 'function'), 'name');
  let functionCallingConfig: JsonObject | undefined;
  if (forced) {
    functionCallingConfig = { mode: 'ANY', allowedFunctionNames: [ctx.toolNames.toUpstream(forced)] };
  } else if (choice === 'none') functionCallingConfig = { mode: 'NONE' };
  else if (choice === 'auto') functionCallingConfig = { mode: 'AUTO' };
  else if (choice === 'required') functionCallingConfig = { mode: 'ANY' };
  return functionCallingConfig ? { functionCallingConfig } : undefined;
}
