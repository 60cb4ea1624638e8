import type { Context } from 'hono';
import type { AccountRow } from '../../db/database.js';
import { ApiError } from '../../lib/api-error.js';
import type { AppEnv } from '../../app-env.js';
import { clientIp } from '../../lib/client-ip.js';
import { createRouter } from '../../router.js';
import { recordAudit } from '../audit/audit.js';
import { assertAllowedOrigin } from './auth.middleware.js';
import { findAccountByEmail, insertAccount } from './auth.queries.js';
import { alertIfNewSignIn } from './new-sign-in.js';
import { loginRoute, logoutRoute, registerRoute } from './auth.routes.js';
import { hashPassword, verifyAgainstDummy, verifyPassword } from './passwords.js';
import { claimLoginAttempt, claimRegistration, loginFailed, loginSucceeded } from './rate-limit.js';
import {
  clearSessionCookie,
  createSession,
  invalidateSession,
  setSessionCookie,
} from './sessions.js';

export function toUser(account: Pick<AccountRow, 'id' | 'email' | 'created_at'>) {
  return { id: account.id, email: account.email, createdAt: account.created_at.toISOString() };
}

function clientOf(c: Context<AppEnv>) {
  return { ip: clientIp(c, c.var.deps.config.trustProxy), userAgent: c.req.header('user-agent') };
}

/** Login and register carry no credential yet: only a present, foreign Origin is refused. */
function assertNotCrossSite(c: Context<AppEnv>): void {
  assertAllowedOrigin(
    c.req.method,
    c.req.header('origin'),
    c.var.deps.config.allowedOrigins,
    false,
  );
}

const INVALID_LOGIN = 'Email or password is incorrect.';

export const authRoutes = createRouter()
  .openapi(registerRoute, async (c) => {
    assertNotCrossSite(c);
    const { db, config } = c.var.deps;
    const { email, password } = c.req.valid('json');
    const client = clientOf(c);
    await claimRegistration(db, client.ip);
    const passwordHash = await hashPassword(password);
    const signedIn = await db.transaction().execute(async (trx) => {
      const account = await insertAccount(trx, { email, passwordHash });
      if (!account)
        throw ApiError.conflict('email_taken', 'An account with this email already exists.');
      const session = await createSession(trx, account.id, client);
      await recordAudit(trx, c, { action: 'account.registered', accountId: account.id });
      return { account, session };
    });
    setSessionCookie(c, signedIn.session.token, signedIn.session.expiresAt, config.secureCookies);
    return c.json({ user: toUser(signedIn.account), token: signedIn.session.token }, 201);
  })
  .openapi(loginRoute, async (c) => {
    assertNotCrossSite(c);
    const { db, config } = c.var.deps;
    const { email, password } = c.req.valid('json');
    const client = clientOf(c);
    await claimLoginAttempt(db, email, client.ip);
    const account = await findAccountByEmail(db, email);
    const valid = account
      ? await verifyPassword(account.password_hash, password)
      : await verifyAgainstDummy(password).then(() => false);
    if (!account || !valid) {
      await loginFailed(db, client.ip);
      await recordAudit(db, c, {
        action: 'login.failed',
        accountId: account?.id ?? null,
        details: { email },
      });
      throw ApiError.unauthorized(INVALID_LOGIN, 'invalid_credentials');
    }
    await loginSucceeded(db, email, client.ip);
    const session = await db.transaction().execute(async (trx) => {
      const created = await createSession(trx, account.id, client);
      await alertIfNewSignIn(trx, c.var.deps, account.id, client);
      await recordAudit(trx, c, { action: 'login.succeeded', accountId: account.id });
      return created;
    });
    setSessionCookie(c, session.token, session.expiresAt, config.secureCookies);
    return c.json({ user: toUser(account), token: session.token }, 200);
  })
  .openapi(logoutRoute, async (c) => {
    const { db, config } = c.var.deps;
    const user = c.var.user;
    await invalidateSession(db, c.var.deps.events, user);
    await recordAudit(db, c, { action: 'logout', accountId: user.accountId });
    clearSessionCookie(c, config.secureCookies);
    return c.body(null, 204);
  });
