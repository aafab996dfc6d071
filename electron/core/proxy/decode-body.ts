import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';

export type DecodedBody = { ok: true; text: string } | { ok: false; reason: string };

/**
 * Some clients compress request bodies. The proxy reads the JSON inside to learn the model and stream flag,
 * but forwards the original bytes unchanged. Encodings Node cannot decode here (zstd before Node 22) pass
 * through uninspected rather than being refused.
 */
export function decodeRequestBody(body: Buffer, contentEncoding: string | undefined): DecodedBody {
  const encoding = (contentEncoding ?? 'identity').trim().toLowerCase();
  try {
    switch (encoding) {
      case 'identity':
      case '':
        return { ok: true, text: body.toString('utf8') };
      case 'gzip':
      case 'x-gzip':
        return { ok: true, text: gunzipSync(body).toString('utf8') };
      case 'deflate':
        return { ok: true, text: inflateSync(body).toString('utf8') };
      case 'br':
        return { ok: true, text: brotliDecompressSync(body).toString('utf8') };
      default:
        return { ok: false, reason: `content-encoding ${encoding} is not decoded by this Node version` };
    }
  } catch (error) {
    return { ok: false, reason: `request body could not be decompressed (${(error as Error).message})` };
  }
}
