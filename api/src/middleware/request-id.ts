import { createMiddleware } from 'hono/factory';

/** A client's own id is kept only when it is short and plain: it is written into every log line. */
const CLIENT_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The client's id when it is short and plain, else a new UUID. */
export function requestIdFrom(given: string | undefined): string {
  return given !== undefined && CLIENT_REQUEST_ID.test(given) ? given : crypto.randomUUID();
}

/**
 * `X-Request-Id`: the client's, when it is at most 64 of `A-Z a-z 0-9 . _ -`, else a new UUID;
 * set on the request for the logs and the error handler, and echoed in the response.
 */
export function requestId() {
  return createMiddleware<{ Variables: { requestId: string } }>(async function requestId(c, next) {
    const id = requestIdFrom(c.req.header('x-request-id'));
    c.set('requestId', id);
    c.header('X-Request-Id', id);
    await next();
  });
}
