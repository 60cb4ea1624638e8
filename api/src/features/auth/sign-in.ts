import type { Context } from 'hono';
import type { AppEnv } from '../../app-env.js';
import type { AccountRow } from '../../db/database.js';
import { clientIp } from '../../lib/client-ip.js';
import { recordAudit } from '../audit/audit.js';
import { alertIfNewSignIn } from './new-sign-in.js';
import { createSession, setSessionCookie } from './sessions.js';

export function toUser(account: Pick<AccountRow, 'id' | 'email' | 'created_at'>) {
  return { id: account.id, email: account.email, createdAt: account.created_at.toISOString() };
}

export function clientOf(c: Context<AppEnv>) {
  return { ip: clientIp(c, c.var.deps.config.trustProxy), userAgent: c.req.header('user-agent') };
}

/**
 * The end of every sign-in (a password alone, or with its second factor): a session, the
 * new-browser alert, the audit entry and the cookie. Returns the sign-in answer.
 */
export async function completeSignIn(
  c: Context<AppEnv>,
  account: Pick<AccountRow, 'id' | 'email' | 'created_at'>,
) {
  const { db, config } = c.var.deps;
  const client = clientOf(c);
  const session = await db.transaction().execute(async (trx) => {
    const created = await createSession(trx, account.id, client);
    const signedIn = { accountId: account.id, sessionId: created.sessionId };
    await alertIfNewSignIn(trx, c.var.deps, signedIn, client);
    await recordAudit(trx, c, { action: 'login.succeeded', accountId: account.id });
    return created;
  });
  setSessionCookie(c, session.token, session.expiresAt, config.secureCookies);
  return { user: toUser(account), token: session.token };
}
