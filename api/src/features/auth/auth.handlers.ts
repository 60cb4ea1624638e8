import type { Context } from 'hono';
import { ApiError } from '../../lib/api-error.js';
import type { AppEnv } from '../../app-env.js';
import { createRouter } from '../../router.js';
import { recordAudit } from '../audit/audit.js';
import { assertAllowedOrigin, sessionIdOf } from './auth.middleware.js';
import { findAccountByEmail, insertAccount } from './auth.queries.js';
import { startEmailVerification } from '../account/email-verification.js';
import { loginRoute, logoutRoute, registerRoute } from './auth.routes.js';
import { hashPassword, verifyAgainstDummy, verifyPassword } from './passwords.js';
import {
  claimLoginAttempt,
  claimRegistration,
  loginFailed,
  loginSucceeded,
  passwordConfirmed,
} from './rate-limit.js';
import { openChallenge } from '../two-factor/challenges.js';
import { isTwoFactorOn } from '../two-factor/second-factor.js';
import { clientOf, completeSignIn, toUser } from './sign-in.js';
import {
  clearSessionCookie,
  createSession,
  invalidateSession,
  setSessionCookie,
} from './sessions.js';

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
      await startEmailVerification(trx, c.var.deps, account);
      await recordAudit(trx, c, { action: 'account.registered', accountId: account.id });
      return { account, session };
    });
    setSessionCookie(c, signedIn.session.token, signedIn.session.expiresAt, config.secureCookies);
    return c.json({ user: toUser(signedIn.account), token: signedIn.session.token }, 201);
  })
  .openapi(loginRoute, async (c) => {
    assertNotCrossSite(c);
    const { db } = c.var.deps;
    const { email, password } = c.req.valid('json');
    const client = clientOf(c);
    const attempt = await claimLoginAttempt(db, email, client.ip);
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
    if (await isTwoFactorOn(db, account.id)) {
      // The password was right: the tries that count now are the codes.
      await passwordConfirmed(db, attempt);
      return c.json(
        { mfaRequired: true as const, mfaToken: await openChallenge(db, account.id) },
        200,
      );
    }
    await loginSucceeded(db, email, client.ip);
    return c.json(await completeSignIn(c, account), 200);
  })
  .openapi(logoutRoute, async (c) => {
    const { db, config } = c.var.deps;
    const { accountId } = c.var.user;
    const sessionId = sessionIdOf(c.var.user);
    await invalidateSession(db, c.var.deps.events, { accountId, sessionId });
    await recordAudit(db, c, { action: 'logout', accountId });
    clearSessionCookie(c, config.secureCookies);
    return c.body(null, 204);
  });
