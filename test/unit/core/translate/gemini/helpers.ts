import type { ChatChunk } from '../../../../../electron/core/translate/chat-types';
import { ToolNameMap } from '../../../../../electron/core/translate/tool-names';
import type { TranslateContext } from '../../../../../electron/core/translate/translator';

export function context(overrides: Partial<TranslateContext> = {}): TranslateContext {
  return {
    requestedModel: 'gemini-3-pro-preview',
    upstreamModel: 'upstream-model',
    toolNames: new ToolNameMap(),
    keepCacheControl: false,
    clientWantsStreamUsage: false,
    geminiSse: true,
    customToolNames: new Set(),
    ...overrides,
  };
}

/** An MCP-style tool name longer than the 64 characters chat and Gemini upstreams accept. */
export const LONG_TOOL_NAME = 'mcp__github_enterprise_server__search_repositories_by_topic_and_language_v2';

/** Opaque base64 like Gemini's, with the characters base64url must not contain. */
export const SIGNATURE_1 = 'CiQBVKhc7+/Zk3q0nJ9aXy+M2w==';
export const SIGNATURE_2 = 'EpkCCpYCAb4+9vv/yPq7Jm0Fz1p=';

/** A second turn the way Gemini CLI sends it after two tool rounds (shapes from gemini-cli 0.x). */
export function geminiCliRequest(): Record<string, unknown> {
  return {
    systemInstruction: { role: 'user', parts: [{ text: 'You are an interactive CLI agent.' }] },
    contents: [
      {
        role: 'user',
        parts: [
          { text: 'This is the Gemini CLI. Working directory: /repo' },
          { text: 'Why does the logo fail?' },
        ],
      },
      {
        role: 'model',
        parts: [
          { text: 'The user wants the logo checked.', thought: true },
          { text: 'Let me look at the code.' },
          {
            functionCall: { name: 'read_file', args: { absolute_path: '/repo/app.ts' } },
            thoughtSignature: SIGNATURE_1,
          },
          { functionCall: { name: LONG_TOOL_NAME, args: { topic: 'logos', language: 'ts' } } },
        ],
      },
      {
        role: 'user',
        parts: [
          { functionResponse: { name: 'read_file', response: { output: 'import logo from "./logo.png";' } } },
          {
            functionResponse: { name: LONG_TOOL_NAME, response: { items: [{ name: 'logo-kit' }], total: 1 } },
          },
        ],
      },
      {
        role: 'model',
        parts: [
          {
            functionCall: { id: 'fc-7', name: 'read_file', args: { absolute_path: '/repo/logo.png' } },
            thoughtSignature: SIGNATURE_2,
          },
        ],
      },
      {
        role: 'user',
        parts: [
          {
            functionResponse: {
              id: 'fc-7',
              name: 'read_file',
              response: { output: 'Binary content of type image/png was processed.' },
            },
          },
          { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } },
        ],
      },
    ],
    tools: [
      {
        functionDeclarations: [
          {
            name: 'read_file',
            description: 'Reads a file.',
            parametersJsonSchema: {
              type: 'object',
              properties: { absolute_path: { type: 'string' } },
              required: ['absolute_path'],
            },
          },
          {
            name: LONG_TOOL_NAME,
            description: 'Searches repositories.',
            parameters: {
              type: 'OBJECT',
              properties: {
                topic: { type: 'STRING' },
                language: { type: 'STRING', enum: ['ts', 'py'] },
                tags: { type: 'ARRAY', items: { type: 'STRING' } },
              },
            },
          },
        ],
      },
      { googleSearch: {} },
    ],
    generationConfig: {
      temperature: 0,
      topP: 1,
      maxOutputTokens: 65536,
      thinkingConfig: { includeThoughts: true, thinkingBudget: 8192 },
    },
  };
}

/** Each `data:` event of an SSE text, parsed. */
export function parseSse(text: string): unknown[] {
  return text
    .split('\r\n\r\n')
    .filter((event) => event.trim() !== '')
    .map((event) => {
      if (!event.startsWith('data: ')) throw new Error(`not an SSE data event: ${event}`);
      return JSON.parse(event.slice('data: '.length)) as unknown;
    });
}

/** Minimal chat chunk builders for stream tests. */
export function chunk(
  delta: ChatChunk['choices'][number]['delta'],
  finish: ChatChunk['choices'][number]['finish_reason'] = null,
): ChatChunk {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'gpt-5.4',
    choices: [{ index: 0, delta, finish_reason: finish }],
  };
}

export function usageChunk(usage: ChatChunk['usage']): ChatChunk {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'gpt-5.4',
    choices: [],
    usage,
  };
}
