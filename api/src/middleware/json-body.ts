import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import { ApiError } from '../lib/api-error.js';

const jsonMediaType = /^application\/([\w.-]+\+)?json$/i;
/** Answered before the body is read: the client must not reuse the half-read connection. */
const CLOSE_CONNECTION = { Connection: 'close' };

/** JSON endpoints: a size cap (413) and a JSON content type whenever a body is sent (415). */
export function jsonBody(maxBytes: number) {
  const limit = bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new ApiError(
        413,
        'payload_too_large',
        `Request body is larger than ${Math.round(maxBytes / 1024)} KiB.`,
        CLOSE_CONNECTION,
      );
    },
  });
  return createMiddleware(async function jsonBody(c, next) {
    const hasBody =
      c.req.header('transfer-encoding') !== undefined ||
      Number(c.req.header('content-length') ?? '0') > 0;
    // Without a body there is nothing to limit; bodyLimit would still build a full Request.
    if (!hasBody) return next();
    const mediaType = (c.req.header('content-type') ?? '').split(';')[0]?.trim() ?? '';
    if (!jsonMediaType.test(mediaType)) {
      throw new ApiError(
        415,
        'unsupported_media_type',
        'Content-Type must be application/json.',
        CLOSE_CONNECTION,
      );
    }
    return limit(c, next);
  });
}
