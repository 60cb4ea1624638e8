import { createMiddleware } from 'hono/factory';
import type { Logger } from '../lib/logger.js';

/** What the request log reads of a request; the app's variables hold more. */
type LoggedEnv = {
  Variables: {
    deps: { logger: Logger };
    requestId: string;
    user: { accountId: string };
    device: { deviceId: string };
  };
};

/** One structured line per request: no query string, headers or bodies (they may hold secrets). */
export function requestLogger() {
  return createMiddleware<LoggedEnv>(async function requestLogger(c, next) {
    const started = performance.now();
    await next();
    const { logger } = c.var.deps;
    const status = c.res.status;
    const line = {
      requestId: c.var.requestId,
      method: c.req.method,
      path: c.req.path,
      status,
      ms: Math.round((performance.now() - started) * 10) / 10,
      accountId: c.get('user')?.accountId,
      deviceId: c.get('device')?.deviceId,
    };
    // A 503 is a deliberate "retry later"; whoever refused says why, once, not once a request.
    if (status >= 500 && status !== 503) logger.error(line, 'request');
    else logger.info(line, 'request');
  });
}
