import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import type { Executor } from '../../db/database.js';
import { generateToken, hashToken } from '../../lib/secrets.js';

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
  const row = await db
    .insertInto('sessions')
    .values({
      token_hash: hashToken(token),
      account_id: accountId,
      expires_at: expiresAt,
      ip: client.ip,
      user_agent: client.userAgent?.slice(0, 512) ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { token, sessionId: row.id, expiresAt };
}

export async function validateSessionToken(
  db: Executor,
  token: string,
): Promise<ValidSession | null> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('accounts', 'accounts.id', 'sessions.account_id')
    .select([
      'sessions.id',
      'sessions.account_id',
      'sessions.expires_at',
      'sessions.last_used_at',
      'accounts.email',
    ])
    .where('sessions.token_hash', '=', hashToken(token))
    .executeTakeFirst();
  if (!row) return null;
  const now = Date.now();
  if (row.expires_at.getTime() <= now) {
    await db.deleteFrom('sessions').where('id', '=', row.id).execute();
    return null;
  }
  const renewed = row.expires_at.getTime() - now < RENEW_WHEN_LEFT_MS;
  const expiresAt = renewed ? new Date(now + SESSION_LIFETIME_MS) : row.expires_at;
  if (renewed || now - row.last_used_at.getTime() > TOUCH_EVERY_MS) {
    await db
      .updateTable('sessions')
      .set({ expires_at: expiresAt, last_used_at: new Date(now) })
      .where('id', '=', row.id)
      .execute();
  }
  return { id: row.id, accountId: row.account_id, email: row.email, expiresAt, renewed };
}

export async function invalidateSession(db: Executor, sessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

export async function invalidateOtherSessions(
  db: Executor,
  accountId: string,
  keepSessionId: string,
): Promise<void> {
  await db
    .deleteFrom('sessions')
    .where('account_id', '=', accountId)
    .where('id', '!=', keepSessionId)
    .execute();
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
