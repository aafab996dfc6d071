import type { IncomingHttpHeaders } from 'node:http';
import { anthropicCountTokens, anthropicMessages, anthropicModels } from './anthropic';
import type { RequestContext } from './context';
import type { Dialect } from './dialect';
import { geminiCountTokens, geminiGenerate, geminiModels, geminiStream } from './gemini';
import { openaiChat } from './openai-chat';
import { openaiCompletions, openaiEmbeddings, openaiModels } from './openai-other';
import { openaiResponses } from './openai-responses';
import { jsonReply, type Reply } from './reply';

export interface Route {
  dialect: Dialect;
  handle: (ctx: RequestContext) => Reply;
}

const POST_ROUTES: Record<string, Route> = {
  '/v1/messages': { dialect: 'anthropic', handle: anthropicMessages },
  '/v1/messages/count_tokens': { dialect: 'anthropic', handle: anthropicCountTokens },
  '/v1/chat/completions': { dialect: 'openai', handle: openaiChat },
  '/v1/responses': { dialect: 'openai', handle: openaiResponses },
  '/v1/embeddings': { dialect: 'openai', handle: openaiEmbeddings },
  '/v1/completions': { dialect: 'openai', handle: openaiCompletions },
};

const GEMINI_METHOD =
  /^\/(?:v1beta|v1|v1alpha)\/models\/([^/:]+):(generateContent|streamGenerateContent|countTokens)$/;
const GEMINI_PREFIX = /^\/(?:v1beta|v1alpha)\//;

/** Anthropic and OpenAI share `/v1/...`; Anthropic's clients always send `anthropic-version`. */
export function guessDialect(path: string, headers: IncomingHttpHeaders): Dialect {
  if (GEMINI_PREFIX.test(path) || headers['x-goog-api-key'] !== undefined) return 'gemini';
  return headers['anthropic-version'] !== undefined ? 'anthropic' : 'openai';
}

const ROOT: Route = {
  dialect: 'openai',
  handle: () => jsonReply({ 'content-type': 'application/json' }, {}),
};

export function findRoute(method: string, path: string, headers: IncomingHttpHeaders): Route | undefined {
  if (method === 'POST') return POST_ROUTES[path] ?? geminiRoute(path);
  if (method !== 'GET' && method !== 'HEAD') return undefined;
  // Claude Code probes the base URL with `HEAD /` before its first request.
  if (path === '/') return ROOT;
  if (path === '/v1beta/models') return { dialect: 'gemini', handle: geminiModels };
  if (path === '/v1/models') {
    return guessDialect(path, headers) === 'anthropic'
      ? { dialect: 'anthropic', handle: anthropicModels }
      : { dialect: 'openai', handle: openaiModels };
  }
  return undefined;
}

function geminiRoute(path: string): Route | undefined {
  const match = GEMINI_METHOD.exec(path);
  if (!match) return undefined;
  const model = decodeURIComponent(match[1] ?? '');
  const method = match[2];
  if (method === 'countTokens') return { dialect: 'gemini', handle: geminiCountTokens };
  const handle = method === 'generateContent' ? geminiGenerate : geminiStream;
  return { dialect: 'gemini', handle: (ctx) => handle(ctx, model) };
}
