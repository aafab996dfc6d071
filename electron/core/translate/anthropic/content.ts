import type { CacheControl, ChatContentPart } from '../chat-types';
import { isJsonObject, type JsonObject } from '../../dialects/usage-types';

/** A cache_control marker in the one shape Anthropic accepts; anything else is dropped rather than forwarded. */
export function readCacheControl(value: unknown): CacheControl | undefined {
  if (!isJsonObject(value) || value['type'] !== 'ephemeral') return undefined;
  const ttl = value['ttl'];
  return ttl === '5m' || ttl === '1h' ? { type: 'ephemeral', ttl } : { type: 'ephemeral' };
}

/** An Anthropic image source → the URL chat uses (a data: URL for inline images). */
export function imageUrlFromSource(source: unknown): string | undefined {
  if (!isJsonObject(source)) return undefined;
  const { type, media_type: mediaType, data, url } = source;
  if (type === 'base64' && typeof mediaType === 'string' && typeof data === 'string') {
    return `data:${mediaType};base64,${data}`;
  }
  if (type === 'url' && typeof url === 'string') return url;
  return undefined;
}

/** A chat image URL → an Anthropic image source; undefined for URLs Anthropic cannot fetch. */
export function imageSourceFromUrl(url: string): JsonObject | undefined {
  if (url.startsWith('data:')) {
    // Split by hand: a regex over a multi-megabyte base64 string is needlessly slow.
    const marker = url.indexOf(';base64,');
    if (marker < 0) return undefined;
    return { type: 'base64', media_type: url.slice(5, marker), data: url.slice(marker + 8) };
  }
  if (/^https?:\/\//i.test(url)) return { type: 'url', url };
  return undefined;
}

/** The text of chat content: a string as is, text parts joined, anything else empty. */
export function chatContentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return chatParts(content)
    .flatMap((part) => (part.type === 'text' ? [part.text] : []))
    .join('\n');
}

/** The well-formed parts of untrusted chat content (a plain string becomes one text part). */
export function chatParts(content: unknown): ChatContentPart[] {
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }];
  if (!Array.isArray(content)) return [];
  const parts: ChatContentPart[] = [];
  for (const part of content) {
    if (!isJsonObject(part)) continue;
    const cacheControl = readCacheControl(part['cache_control']);
    if (part['type'] === 'text' && typeof part['text'] === 'string') {
      parts.push(
        cacheControl
          ? { type: 'text', text: part['text'], cache_control: cacheControl }
          : { type: 'text', text: part['text'] },
      );
    } else if (part['type'] === 'image_url') {
      const image = part['image_url'];
      // OpenAI accepts image_url as an object; a few clients send the bare URL string.
      const url = isJsonObject(image) ? image['url'] : image;
      if (typeof url !== 'string') continue;
      parts.push(
        cacheControl
          ? { type: 'image_url', image_url: { url }, cache_control: cacheControl }
          : { type: 'image_url', image_url: { url } },
      );
    }
  }
  return parts;
}
