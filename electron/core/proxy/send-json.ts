import type { ServerResponse } from 'node:http';
import type { ProviderDialect } from '../../../shared/dialects';
import { errorBody } from './error-bodies';

/** A complete JSON answer (status, type, length) in one go. */
export function sendJson(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** An error in the client's own dialect; once headers went out, closing is all that is left. */
export function sendError(res: ServerResponse, dialect: ProviderDialect, status: number, message: string) {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, status, errorBody(dialect, status, message));
}
