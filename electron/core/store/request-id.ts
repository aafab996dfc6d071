import { randomUUID } from 'node:crypto';

/**
 * A UUIDv7: 48 bits of milliseconds then random bits. Ids that grow with time append to the end of the
 * primary-key index instead of landing on random pages, which keeps every insert touching few pages.
 */
export function newRequestId(now = Date.now()): string {
  const time = now.toString(16).padStart(12, '0');
  // randomUUID() is "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx": keep its random tail and variant, set version 7.
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${randomUUID().slice(15)}`;
}
