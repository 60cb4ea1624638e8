import { streamSSE } from 'hono/streaming';
import type { Executor } from '../../db/database.js';
import { createRouter } from '../../router.js';
import { findSessionExpiry } from '../auth/auth.queries.js';
import { eventsRoute } from './live.routes.js';

const HEARTBEAT_MS = 15_000;
/** setTimeout's longest delay. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Resolves when the session is past its expiry: checked when the expiry comes, and again from
 * the stored one while use keeps extending it. Returns what stops the watch.
 */
function watchExpiry(db: Executor, sessionId: string, ended: () => void): () => void {
  let timer: NodeJS.Timeout | undefined;
  const check = async () => {
    const expiresAt = await findSessionExpiry(db, sessionId).catch(() => new Date(0));
    const left = expiresAt ? expiresAt.getTime() - Date.now() : 0;
    if (left <= 0) ended();
    else timer = setTimeout(() => void check(), Math.min(left, MAX_TIMER_MS)).unref();
  };
  void check();
  return () => clearTimeout(timer);
}

export const liveRoutes = createRouter().openapi(eventsRoute, (c) => {
  const { db, events, shutdown } = c.var.deps;
  const { accountId, sessionId } = c.var.user;
  // Proxies such as nginx must not buffer the stream; nothing here compresses it.
  c.header('X-Accel-Buffering', 'no');
  c.header('Cache-Control', 'no-cache, no-transform');
  return streamSSE(c, async (stream) => {
    let id = 0;
    let sessionEnded: () => void = () => {};
    const ended = new Promise<'ended'>((resolve) => (sessionEnded = () => resolve('ended')));
    // The stream lives only as long as its session: sign-out, a password change, a revoke
    // or expiry closes it, so a stolen session's stream stops hearing payout addresses.
    const unsubscribe = events.subscribe(accountId, (event) => {
      if (event.type === 'session.ended' && event.data.sessionIds.includes(sessionId)) {
        sessionEnded();
      }
      id += 1;
      void stream.writeSSE({ id: String(id), event: event.type, data: JSON.stringify(event.data) });
    });
    const stopWatch = watchExpiry(db, sessionId, sessionEnded);
    const heartbeat = setInterval(() => void stream.write(': heartbeat\n\n'), HEARTBEAT_MS);
    const done = new Promise<'aborted' | 'shutdown'>((resolve) => {
      stream.onAbort(() => resolve('aborted'));
      shutdown.addEventListener('abort', () => resolve('shutdown'), { once: true });
    });
    try {
      await stream.writeSSE({ event: 'ready', data: JSON.stringify({ accountId }) });
      const why = await Promise.race([done, ended]);
      if (why === 'shutdown' && !stream.aborted) {
        await stream.writeSSE({ event: 'shutdown', data: '{}', retry: 1000 });
      }
    } finally {
      clearInterval(heartbeat);
      stopWatch();
      unsubscribe();
    }
  });
});
