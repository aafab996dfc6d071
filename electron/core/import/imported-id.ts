import { createHash } from 'node:crypto';

/**
 * The row id of an imported call: SHA-256 of `<source>\0<call key>` laid out as a UUID (version 8, "custom",
 * RFC 9562 variant), e.g. import:claude-code + message:msg_01… → "3f2a…-…-8…-…". The same call read again, from
 * the same file or a copy of it, gets the same id, so the request log's insert (which never overwrites a
 * finished row) makes a re-import a no-op. Proxy rows use UUIDv7 (version 7), so the two never collide.
 * Unlike UUIDv7 these ids do not grow with time; an import is a one-off batch, so index locality matters less.
 */
export function importedRequestId(source: string, key: string): string {
  const hex = createHash('sha256').update(`${source}\u0000${key}`).digest('hex');
  const variant = ((parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
