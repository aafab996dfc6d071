import { randomBytes } from 'node:crypto';

/** A fresh id in OpenAI's style (`resp_…`, `msg_…`, `fc_…`, `rs_…`); clients only need them unique. */
export function newId(prefix: string): string {
  return `${prefix}${randomBytes(12).toString('hex')}`;
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
