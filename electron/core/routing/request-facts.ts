import type { ApiDialect } from '../../../shared/routing';

type Json = Record<string, unknown>;
type Headers = Record<string, string | string[] | undefined>;

/** What rules can ask about a request. Costly facts (token estimate, last message) are computed on demand. */
export interface RequestFacts {
  dialect: ApiDialect;
  tool: string;
  model: string | null;
  headers: Headers;
  hasTools(): boolean;
  hasImages(): boolean;
  thinking(): boolean;
  lastUserMessage(): string;
  estimatedInputTokens(): number;
  /** Requested output cap, when the client set one. */
  maxOutputTokens(): number | null;
  /** Percent of a budget spent in its current period; null when there is no such budget. */
  budgetPercent(id: string): number | null;
}

/** A rough image cost: Anthropic charges about (width × height) / 750 tokens; ~1,600 for a typical screenshot. */
const IMAGE_TOKENS = 1600;
/** English text and code average close to four characters per token across the major tokenizers. */
const CHARS_PER_TOKEN = 4;

export function requestFacts(
  dialect: ApiDialect,
  body: Json,
  tool: string,
  model: string | null,
  headers: Headers,
  budgetPercent: (id: string) => number | null = () => null,
): RequestFacts {
  let scan: Scan | null = null;
  const scanned = (): Scan => (scan ??= scanBody(dialect, body));
  return {
    dialect,
    tool,
    model,
    headers,
    hasTools: () => hasTools(dialect, body),
    hasImages: () => scanned().images > 0,
    thinking: () => wantsThinking(dialect, body),
    lastUserMessage: () => scanned().lastUserText,
    estimatedInputTokens: () => {
      const s = scanned();
      return Math.ceil(s.chars / CHARS_PER_TOKEN) + s.images * IMAGE_TOKENS;
    },
    maxOutputTokens: () => maxOutput(dialect, body),
    budgetPercent,
  };
}

interface Scan {
  /** Characters of text the model reads: messages, system prompt, tool definitions. */
  chars: number;
  images: number;
  lastUserText: string;
}

function scanBody(dialect: ApiDialect, body: Json): Scan {
  const scan: Scan = { chars: 0, images: 0, lastUserText: '' };
  // Tool definitions and system prompts are read by the model too; their JSON length is a fair proxy.
  for (const key of ['system', 'instructions', 'systemInstruction', 'tools']) {
    if (body[key] !== undefined) scan.chars += countText(body[key], scan);
  }
  const turns = messagesOf(dialect, body);
  for (const turn of turns) {
    const text = turnText(turn, scan);
    if (turn.role === 'user') scan.lastUserText = text.trim() === '' ? scan.lastUserText : text;
  }
  return scan;
}

interface Turn {
  role: string;
  content: unknown;
}

function messagesOf(dialect: ApiDialect, body: Json): Turn[] {
  if (dialect === 'gemini') {
    const contents = Array.isArray(body.contents) ? body.contents : [];
    return contents.map((c: Json) => ({
      role: c?.role === 'model' ? 'assistant' : 'user',
      content: c?.parts,
    }));
  }
  if (dialect === 'openai-responses') {
    if (typeof body.input === 'string') return [{ role: 'user', content: body.input }];
    const items = Array.isArray(body.input) ? (body.input as Json[]) : [];
    return items.map((item) => ({
      // function_call_output items are tool results: counted, but not "the user's message".
      role: item?.type === 'message' || item?.type === undefined ? String(item?.role ?? 'user') : 'tool',
      content: item?.content ?? item?.output ?? item?.arguments ?? item?.input,
    }));
  }
  const messages = Array.isArray(body.messages) ? (body.messages as Json[]) : [];
  return messages.map((m) => ({ role: String(m?.role ?? ''), content: m?.content }));
}

/** Text of one turn, counting characters and images as it goes. Tool results in a user turn are not user text. */
function turnText(turn: Turn, scan: Scan): string {
  const content = turn.content;
  if (typeof content === 'string') {
    scan.chars += content.length;
    return content;
  }
  if (!Array.isArray(content)) {
    if (content !== undefined && content !== null) scan.chars += countText(content, scan);
    return '';
  }
  let text = '';
  for (const part of content as Array<Json | string>) {
    if (typeof part === 'string') {
      scan.chars += part.length;
      text += part;
      continue;
    }
    const type = part?.type;
    if (isImagePart(part)) {
      scan.images += 1;
      continue;
    }
    if ((type === 'text' || type === 'input_text' || type === undefined) && typeof part?.text === 'string') {
      scan.chars += part.text.length;
      text += (text ? '\n' : '') + part.text;
      continue;
    }
    scan.chars += countText(part, scan);
  }
  return text;
}

function isImagePart(part: Json | null | undefined): boolean {
  if (!part || typeof part !== 'object') return false;
  const type = part.type;
  if (type === 'image' || type === 'image_url' || type === 'input_image') return true;
  const inline = part.inlineData as Json | undefined;
  return typeof inline?.mimeType === 'string' && inline.mimeType.startsWith('image/');
}

/** Characters of every string inside a value (keys included, as JSON schemas are read as text); images counted. */
function countText(value: unknown, scan: Scan): number {
  if (typeof value === 'string') return value.length;
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + countText(item, scan), 0);
  if (value && typeof value === 'object') {
    if (isImagePart(value as Json)) {
      scan.images += 1;
      return 0;
    }
    let sum = 0;
    for (const [key, item] of Object.entries(value)) sum += key.length + countText(item, scan);
    return sum;
  }
  return 0;
}

function hasTools(dialect: ApiDialect, body: Json): boolean {
  const tools = body.tools;
  if (!Array.isArray(tools) || tools.length === 0) return false;
  if (dialect !== 'gemini') return true;
  return tools.some((t: Json) => Array.isArray(t?.functionDeclarations) && t.functionDeclarations.length > 0);
}

function wantsThinking(dialect: ApiDialect, body: Json): boolean {
  switch (dialect) {
    case 'anthropic': {
      const type = (body.thinking as Json | undefined)?.type;
      return type === 'enabled' || type === 'adaptive';
    }
    case 'openai-chat':
      return (
        typeof body.reasoning_effort === 'string' && !['none', 'minimal'].includes(body.reasoning_effort)
      );
    case 'openai-responses': {
      const effort = (body.reasoning as Json | undefined)?.effort;
      return typeof effort === 'string' && !['none', 'minimal'].includes(effort);
    }
    case 'gemini': {
      const config = (body.generationConfig as Json | undefined)?.thinkingConfig as Json | undefined;
      if (!config) return false;
      if (typeof config.thinkingBudget === 'number') return config.thinkingBudget !== 0;
      return config.thinkingLevel !== undefined || config.includeThoughts === true;
    }
  }
}

function maxOutput(dialect: ApiDialect, body: Json): number | null {
  const candidates =
    dialect === 'gemini'
      ? [(body.generationConfig as Json | undefined)?.maxOutputTokens]
      : dialect === 'openai-responses'
        ? [body.max_output_tokens]
        : [body.max_completion_tokens, body.max_tokens];
  for (const value of candidates) if (typeof value === 'number' && value > 0) return value;
  return null;
}
