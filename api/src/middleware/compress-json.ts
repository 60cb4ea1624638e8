import { createMiddleware } from 'hono/factory';
import { encode, MIN_COMPRESSED_BYTES, preferredEncoding } from '../lib/compression.js';
import { replaceResponse, responseBytes } from '../lib/response-body.js';

const JSON_TYPE = /^application\/([\w.-]+\+)?json/i;

function addVaryAcceptEncoding(headers: Headers): void {
  const vary = headers.get('vary') ?? '';
  if (!/(^|,)\s*(accept-encoding|\*)\s*(,|$)/i.test(vary))
    headers.append('Vary', 'Accept-Encoding');
}

/**
 * JSON bodies over MIN_COMPRESSED_BYTES go out in the coding the client prefers (br, then gzip),
 * compressed after the handler. A response already coded (serialized JSON, made once) is left as
 * it is, and so is anything not JSON: event streams keep flowing event by event.
 */
export function compressJson() {
  return createMiddleware(async function compressJson(c, next) {
    await next();
    const { status, headers } = c.res;
    const json = JSON_TYPE.test(headers.get('content-type') ?? '');
    // A 304 carries the Vary its 200 would have (RFC 9110 §15.4.5).
    if ((!json && status !== 304) || headers.has('content-encoding')) return;
    addVaryAcceptEncoding(headers);
    const encoding = preferredEncoding(c.req.header('accept-encoding'));
    if (!json || !encoding || c.req.method === 'HEAD') return;
    const body = await responseBytes(c);
    if (body.byteLength <= MIN_COMPRESSED_BYTES) return;
    const compressed = await encode(body, encoding);
    headers.set('Content-Encoding', encoding);
    headers.delete('Content-Length');
    replaceResponse(c, compressed, { status, headers });
  });
}
