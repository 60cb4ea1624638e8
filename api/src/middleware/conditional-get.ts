import { createMiddleware } from 'hono/factory';
import { etagMatches, weakEtag } from '../lib/etag.js';
import { replaceResponse, responseBytes } from '../lib/response-body.js';

/** What describes the body rather than the resource: a 304 has no body (RFC 9110 §15.4.5). */
const BODY_HEADERS = ['content-type', 'content-length', 'content-encoding'];

/**
 * A GET answered 200 gets an ETag (a handler's own, else one over the body) and
 * `Cache-Control: private, no-cache`, so browsers keep it and revalidate each time; when
 * `If-None-Match` names the tag, the answer is 304 with the 200's other headers and no body.
 */
export function conditionalGet() {
  return createMiddleware(async function conditionalGet(c, next) {
    await next();
    if (c.res.status !== 200 || (c.req.method !== 'GET' && c.req.method !== 'HEAD')) return;
    const etag = c.res.headers.get('etag') ?? weakEtag(await responseBytes(c));
    const { headers } = c.res;
    headers.set('ETag', etag);
    headers.set('Cache-Control', 'private, no-cache');
    const ifNoneMatch = c.req.header('if-none-match');
    if (ifNoneMatch === undefined || !etagMatches(ifNoneMatch, etag)) return;
    for (const name of BODY_HEADERS) headers.delete(name);
    replaceResponse(c, null, { status: 304, headers });
  });
}
