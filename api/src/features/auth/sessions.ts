import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import type { Executor } from '../../db/database.js';
import type { LiveEventBus } from '../live/live-events.js';
import { generateToken, hashToken } from '../../lib/secrets.js';
import {
  deleteOtherSessions,
  deleteSession,
  findSessionByTokenHash,
  insertSession,
  touchSession,
} from './auth.queries.js';

export const SESSION_COOKIE = 'iow_session';
const DAY_MS = 24 * 60 * 60 * 1000;
export const SESSION_LIFETIME_MS = 30 * DAY_MS;
/** A session used in its second half is extended to a full lifetime again (sliding expiry). */
const RENEW_WHEN_LEFT_MS = 15 * DAY_MS;
/** `last_used_at` is written at most this often, so reads stay reads. */
const TOUCH_EVERY_MS = 60 * 1000;

export type ValidSession = {
  id: string;
  accountId: string;
  email: string;
  expiresAt: Date;
  /** Set when the expiry moved: the cookie must be re-issued. */
  renewed: boolean;
};

/** Creates a session as lucia-auth.com teaches: a random token, only its SHA-256 stored. */
export async function createSession(
  db: Executor,
  accountId: string,
  client: { ip: string; userAgent: string | undefined },
): Promise<{ token: string; sessionId: string; expiresAt: Date }> {
  const token = generateToken(20);
  const expiresAt = new Date(Date.now() + SESSION_LIFETIME_MS);
  const sessionId = await insertSession(db, {
    tokenHash: hashToken(token),
    accountId,
    expiresAt,
    ip: client.ip,
    userAgent: client.userAgent?.slice(0, 512) ?? null,
  });
  return { token, sessionId, expiresAt };
}

export async function validateSessionToken(
  db: Executor,
  token: string,
): Promise<ValidSession | null> {
  const row = await findSessionByTokenHash(db, hashToken(token));
  if (!row) return null;
  const now = Date.now();
  if (row.expires_at.getTime() <= now) {
    await deleteSession(db, row.id);
    return null;
  }
  const renewed = row.expires_at.getTime() - now < RENEW_WHEN_LEFT_MS;
  const expiresAt = renewed ? new Date(now + SESSION_LIFETIME_MS) : row.expires_at;
  if (renewed || now - row.last_used_at.getTime() > TOUCH_EVERY_MS) {
    await touchSession(db, row.id, { expiresAt, lastUsedAt: new Date(now) });
  }
  return { id: row.id, accountId: row.account_id, email: row.email, expiresAt, renewed };
}

/** Tells the account's open event streams which sessions ended, so theirs close. */
export async function announceEndedSessions(
  events: LiveEventBus,
  accountId: string,
  sessionIds: string[],
): Promise<void> {
  if (sessionIds.length === 0) return;
  await events.publish(accountId, { type: 'session.ended', data: { sessionIds } });
}

export async function invalidateSession(
  db: Executor,
  events: LiveEventBus,
  session: { accountId: string; sessionId: string },
): Promise<void> {
  await deleteSession(db, session.sessionId);
  await announceEndedSessions(events, session.accountId, [session.sessionId]);
}

/** Ends every other session of the account; the caller announces the ids after its commit. */
export function invalidateOtherSessions(
  db: Executor,
  accountId: string,
  keepSessionId: string,
): Promise<string[]> {
  return deleteOtherSessions(db, accountId, keepSessionId);
}

export function setSessionCookie(
  c: Context,
  token: string,
  expiresAt: Date,
  secure: boolean,
): void {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure,
    path: '/',
    expires: expiresAt,
  });
}

export function clearSessionCookie(c: Context, secure: boolean): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure, httpOnly: true, sameSite: 'Lax' });
}
