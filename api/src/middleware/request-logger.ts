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

export type RequestLogLine = {
  requestId: string;
  method: string;
  path: string;
  status: number;
  ms: number;
  accountId?: string;
  deviceId?: string;
};

/** Milliseconds since `started` (a `performance.now()`), to a tenth. */
export function elapsedMs(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}

export function logRequest(logger: Logger, line: RequestLogLine): void {
  // A 503 is a deliberate "retry later"; whoever refused says why, once, not once a request.
  if (line.status >= 500 && line.status !== 503) logger.error(line, 'request');
  else logger.info(line, 'request');
}

/** One structured line per request: no query string, headers or bodies (they may hold secrets). */
export function requestLogger() {
  return createMiddleware<LoggedEnv>(async function requestLogger(c, next) {
    const started = performance.now();
    await next();
    logRequest(c.var.deps.logger, {
      requestId: c.var.requestId,
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: elapsedMs(started),
      accountId: c.get('user')?.accountId,
      deviceId: c.get('device')?.deviceId,
    });
  });
}
