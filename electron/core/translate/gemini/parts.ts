import type { ChatImagePart, ChatToolCall } from '../chat-types';
import type { GeminiPart } from './gemini-types';
import { isObject, objectAt, parseJson, stringAt } from './shapes';
import { decodeToolCallId, encodeToolCallId } from './thought-signature';
import type { JsonObject } from '../translator';

/** Conversions of single parts, shared by requests, responses and streams. */

/** A Gemini functionCall part → a chat tool call; the signature rides in the id (thought-signature.ts). */
export function functionCallToChat(part: JsonObject, fallbackId: string, name: string): ChatToolCall {
  const call = objectAt(part, 'functionCall');
  const id = stringAt(call, 'id') || fallbackId;
  return {
    id: encodeToolCallId(id, stringAt(part, 'thoughtSignature')),
    type: 'function',
    function: { name, arguments: JSON.stringify(objectAt(call, 'args') ?? {}) },
  };
}

/**
 * A chat tool call → a Gemini functionCall part, with the signature taken back out of the id. The id itself
 * goes to clients, which send it back with the function's response; upstream requests leave it out (see
 * history-from-chat.ts).
 */
export function toolCallToPart(call: ChatToolCall, name: string, withId: boolean): GeminiPart {
  const { id, signature } = decodeToolCallId(call.id);
  const args = parseArguments(call.function.arguments);
  const part: GeminiPart = { functionCall: withId ? { name, args, id } : { name, args } };
  if (signature) part.thoughtSignature = signature;
  return part;
}

/** The well-formed tool calls of an assistant message (a chat upstream's JSON is not to be trusted). */
export function validToolCalls(toolCalls: unknown): ChatToolCall[] {
  if (!Array.isArray(toolCalls)) return [];
  return toolCalls.filter((call): call is ChatToolCall => {
    const fn = objectAt(call, 'function');
    return (
      stringAt(call, 'id') !== undefined &&
      stringAt(fn, 'name') !== undefined &&
      stringAt(fn, 'arguments') !== undefined
    );
  });
}

/** Gemini wants args as an object; arguments a model garbled are kept as text rather than lost. */
export function parseArguments(text: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  const parsed = parseJson(text);
  return isObject(parsed) ? parsed : { _raw: text };
}

/** inlineData / fileData → an image_url part (chat has no other media part; PDFs travel this way too). */
export function mediaPartToChat(part: JsonObject): ChatImagePart | undefined {
  const inline = objectAt(part, 'inlineData');
  const data = stringAt(inline, 'data');
  if (data !== undefined) {
    const mimeType = stringAt(inline, 'mimeType') || 'application/octet-stream';
    return { type: 'image_url', image_url: { url: `data:${mimeType};base64,${data}` } };
  }
  const fileUri = stringAt(objectAt(part, 'fileData'), 'fileUri');
  return fileUri ? { type: 'image_url', image_url: { url: fileUri } } : undefined;
}

/** An image_url → inlineData for a data URL, fileData for anything else (http(s), gs://, Files API). */
export function imageUrlToPart(url: string): GeminiPart {
  const dataUrl = /^data:([^;,]*)((?:;[^;,]*)*),(.*)$/s.exec(url);
  if (dataUrl) {
    const mimeType = dataUrl[1] || 'application/octet-stream';
    const isBase64 = (dataUrl[2] ?? '').split(';').includes('base64');
    const payload = dataUrl[3] ?? '';
    const data = isBase64 ? payload : Buffer.from(percentDecoded(payload), 'utf8').toString('base64');
    return { inlineData: { mimeType, data } };
  }
  return { fileData: { fileUri: url, mimeType: mimeTypeOfUrl(url) } };
}

function percentDecoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

const MIME_TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  heic: 'image/heic',
  heif: 'image/heif',
  pdf: 'application/pdf',
};

/** Gemini needs a MIME type with fileData; chat only gives the URL, so guess from the extension. */
function mimeTypeOfUrl(url: string): string {
  const path = url.split(/[?#]/, 1)[0] ?? '';
  const extension = /\.([A-Za-z0-9]+)$/.exec(path)?.[1]?.toLowerCase() ?? '';
  return MIME_TYPES[extension] ?? 'image/jpeg';
}

/** The text of chat message content (text parts joined; images have no text). */
export function chatText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .filter(isObject)
    .filter((part) => part.type === 'text')
    .map((part) => stringAt(part, 'text') ?? '')
    .join('\n');
}
