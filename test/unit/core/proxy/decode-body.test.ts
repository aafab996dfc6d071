import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeRequestBody } from '../../../../electron/core/proxy/decode-body';

const json = '{"model":"gpt-5","stream":true}';

describe('decodeRequestBody', () => {
  it('reads plain, gzip, deflate and brotli bodies', () => {
    expect(decodeRequestBody(Buffer.from(json), undefined)).toEqual({ ok: true, text: json });
    expect(decodeRequestBody(gzipSync(json), 'gzip')).toEqual({ ok: true, text: json });
    expect(decodeRequestBody(deflateSync(json), 'deflate')).toEqual({ ok: true, text: json });
    expect(decodeRequestBody(brotliCompressSync(json), 'BR')).toEqual({ ok: true, text: json });
  });

  it('reports encodings it cannot decode instead of throwing', () => {
    expect(decodeRequestBody(Buffer.from([1, 2, 3]), 'zstd')).toMatchObject({ ok: false });
    expect(decodeRequestBody(Buffer.from('not gzip'), 'gzip')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/could not be decompressed/),
    });
  });
});
