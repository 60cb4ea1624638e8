import { streamSSE } from 'hono/streaming';
import type { UserCredential } from '../../app-env.js';
import type { Executor } from '../../db/database.js';
import { createRouter } from '../../router.js';
import { findSessionExpiry } from '../auth/auth.queries.js';
import { openedEventStream } from '../platform-metrics/process-metrics.js';
import { findTokenExpiry } from '../tokens/tokens.queries.js';
import type { AccountEvent } from './live-events.js';
import { eventsRoute } from './live.routes.js';

const HEARTBEAT_MS = 15_000;
/** setTimeout's longest delay. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** When the credential stops working: null never, undefined when it is gone already. */
function credentialExpiry(db: Executor, credential: UserCredential) {
  return credential.kind === 'session'
    ? findSessionExpiry(db, credential.sessionId)
    : findTokenExpiry(db, credential.tokenId);
}

/** Whether the event ends the session or revokes the token the stream was opened with. */
function endsCredential(event: AccountEvent, credential: UserCredential): boolean {
  if (event.type === 'session.ended' && credential.kind === 'session') {
    return event.data.sessionIds.includes(credential.sessionId);
  }
  if (event.type === 'token.revoked' && credential.kind === 'token') {
    return event.data.tokenIds.includes(credential.tokenId);
  }
  return false;
}

/**
 * Resolves when the credential is past its expiry: checked when the expiry comes, and again
 * from the stored one while use keeps extending it (sessions). Returns what stops the watch.
 */
function watchExpiry(db: Executor, credential: UserCredential, ended: () => void): () => void {
  let timer: NodeJS.Timeout | undefined;
  const check = async () => {
    const expiresAt = await credentialExpiry(db, credential).catch(() => new Date(0));
    // A token without an expiry ends only when revoked, which is announced.
    if (expiresAt === null) return;
    const left = expiresAt ? expiresAt.getTime() - Date.now() : 0;
    if (left <= 0) ended();
    else timer = setTimeout(() => void check(), Math.min(left, MAX_TIMER_MS)).unref();
  };
  void check();
  return () => clearTimeout(timer);
}

export const liveRoutes = createRouter().openapi(eventsRoute, (c) => {
  const { db, events, shutdown } = c.var.deps;
  const { accountId, credential } = c.var.user;
  // Proxies such as nginx must not buffer the stream; nothing here compresses it.
  c.header('X-Accel-Buffering', 'no');
  c.header('Cache-Control', 'no-cache, no-transform');
  return streamSSE(c, async (stream) => {
    let id = 0;
    let credentialEnded: () => void = () => {};
    const ended = new Promise<'ended'>((resolve) => (credentialEnded = () => resolve('ended')));
    // The stream lives only as long as its session or token: sign-out, a password change, a
    // revoke or expiry closes it, so a stolen credential's stream stops hearing payout addresses.
    const unsubscribe = events.subscribe(accountId, (event) => {
      if (endsCredential(event, credential)) credentialEnded();
      id += 1;
      void stream.writeSSE({ id: String(id), event: event.type, data: JSON.stringify(event.data) });
    });
    const stopWatch = watchExpiry(db, credential, credentialEnded);
    const heartbeat = setInterval(() => void stream.write(': heartbeat\n\n'), HEARTBEAT_MS);
    const done = new Promise<'aborted' | 'shutdown'>((resolve) => {
      stream.onAbort(() => resolve('aborted'));
      shutdown.addEventListener('abort', () => resolve('shutdown'), { once: true });
    });
    const closedEventStream = openedEventStream();
    try {
      await stream.writeSSE({ event: 'ready', data: JSON.stringify({ accountId }) });
      const why = await Promise.race([done, ended]);
      if (why === 'shutdown' && !stream.aborted) {
        await stream.writeSSE({ event: 'shutdown', data: '{}', retry: 1000 });
      }
    } finally {
      closedEventStream();
      clearInterval(heartbeat);
      stopWatch();
      unsubscribe();
    }
  });
});
