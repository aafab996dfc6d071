import type { ChatContentPart, ChatImagePart } from '../chat-types';
import type { JsonObject } from '../translator';
import { isObject, objectsOf, stringOf } from './shapes';

const TEXT_PART_TYPES = new Set(['input_text', 'output_text', 'text']);
const IMAGE_DETAILS = new Set(['auto', 'low', 'high']);

function imagePart(part: JsonObject): ChatImagePart | null {
  // An image given only by `file_id` lives in OpenAI's file store, which no other upstream can read: dropped.
  const url = stringOf(part.image_url);
  if (url === undefined || url === '') return null;
  const image: ChatImagePart = { type: 'image_url', image_url: { url } };
  const detail = stringOf(part.detail);
  if (detail !== undefined && IMAGE_DETAILS.has(detail)) {
    image.image_url.detail = detail as 'auto' | 'low' | 'high';
  }
  return image;
}

/**
 * Responses message content → chat content. Text-only content becomes one string, the form every chat
 * upstream accepts; parts are kept only when an image needs them. `input_file` parts have no chat
 * equivalent in the pivot and are dropped.
 */
export function contentToChat(content: unknown): string | ChatContentPart[] {
  if (typeof content === 'string') return content;
  const parts: ChatContentPart[] = [];
  for (const part of objectsOf(content)) {
    const type = stringOf(part.type) ?? '';
    if (TEXT_PART_TYPES.has(type)) {
      parts.push({ type: 'text', text: stringOf(part.text) ?? '' });
    } else if (type === 'refusal') {
      parts.push({ type: 'text', text: stringOf(part.refusal) ?? '' });
    } else if (type === 'input_image') {
      const image = imagePart(part);
      if (image) parts.push(image);
    }
  }
  if (parts.every((part) => part.type === 'text')) return parts.map((part) => part.text).join('\n');
  return parts;
}

/** A function_call_output's `output`: a string, or content parts whose text is kept. */
export function toolOutputText(output: unknown): string {
  if (typeof output === 'string') return output;
  if (Array.isArray(output)) {
    return objectsOf(output)
      .map((part) => stringOf(part.text))
      .filter((text): text is string => text !== undefined)
      .join('\n');
  }
  return output === undefined || output === null ? '' : JSON.stringify(output);
}

/** Chat content → its text (text parts joined); images are left out. */
export function chatText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  const texts: string[] = [];
  for (const part of content) {
    if (isObject(part) && part.type === 'text' && typeof part.text === 'string') texts.push(part.text);
  }
  return texts.join('\n');
}

/** Chat user content → Responses input parts (`input_text`, `input_image`). */
export function chatContentToInputParts(content: unknown): JsonObject[] {
  if (typeof content === 'string') return [{ type: 'input_text', text: content }];
  if (!Array.isArray(content)) return [];
  const parts: JsonObject[] = [];
  for (const part of content) {
    if (!isObject(part)) continue;
    if (part.type === 'text' && typeof part.text === 'string') {
      parts.push({ type: 'input_text', text: part.text });
    } else if (part.type === 'image_url' && isObject(part.image_url)) {
      const url = stringOf(part.image_url.url);
      if (url)
        parts.push({
          type: 'input_image',
          image_url: url,
          detail: stringOf(part.image_url.detail) ?? 'auto',
        });
    }
  }
  return parts;
}
