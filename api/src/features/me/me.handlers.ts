import { ApiError } from '../../lib/api-error.js';
import { clientIp } from '../../lib/client-ip.js';
import { decodeCursor } from '../../lib/paging.js';
import { createRouter } from '../../router.js';
import { recordAudit } from '../audit/audit.js';
import { VOIDED_BY_NEW_PASSWORD } from '../account/account-mail.js';
import { voidAccountTokens } from '../account/account.queries.js';
import { newPasswordIssue } from '../auth/auth.schemas.js';
import { confirmPassword } from '../auth/confirm-password.js';
import { sessionIdOf } from '../auth/auth.middleware.js';
import { hashPassword } from '../auth/passwords.js';
import { announceEndedSessions, invalidateOtherSessions } from '../auth/sessions.js';
import {
  deleteAccountSession,
  findMe,
  listSessions,
  updatePasswordHash,
  updateSettings,
} from './me.queries.js';
import {
  changePasswordRoute,
  getMeRoute,
  listSessionsRoute,
  patchSettingsRoute,
  revokeSessionRoute,
} from './me.routes.js';

export const meRoutes = createRouter()
  .openapi(getMeRoute, async (c) => c.json(await findMe(c.var.deps.db, c.var.user.accountId), 200))
  .openapi(patchSettingsRoute, async (c) => {
    const { db } = c.var.deps;
    await updateSettings(db, c.var.user.accountId, c.req.valid('json'));
    return c.json(await findMe(db, c.var.user.accountId), 200);
  })
  .openapi(changePasswordRoute, async (c) => {
    const { db } = c.var.deps;
    const { accountId, email } = c.var.user;
    const sessionId = sessionIdOf(c.var.user);
    const { currentPassword, newPassword } = c.req.valid('json');
    const issue = newPasswordIssue(newPassword, email);
    if (issue) throw ApiError.badRequest('invalid_request', `newPassword: ${issue}`);
    // Guessing the current password from a stolen session counts as failed logins.
    const ip = clientIp(c, c.var.deps.config.trustProxy);
    await confirmPassword(db, { accountId, email, ip }, 'currentPassword', currentPassword);
    const passwordHash = await hashPassword(newPassword);
    const ended = await db.transaction().execute(async (trx) => {
      await updatePasswordHash(trx, accountId, passwordHash);
      await voidAccountTokens(trx, accountId, VOIDED_BY_NEW_PASSWORD);
      const others = await invalidateOtherSessions(trx, accountId, sessionId);
      await recordAudit(trx, c, { action: 'password.changed', accountId });
      return others;
    });
    await announceEndedSessions(c.var.deps.events, accountId, ended);
    return c.body(null, 204);
  })
  .openapi(listSessionsRoute, async (c) => {
    const { limit, cursor } = c.req.valid('query');
    const { accountId, credential } = c.var.user;
    const currentId = credential.kind === 'session' ? credential.sessionId : undefined;
    const page = await listSessions(c.var.deps.db, accountId, {
      limit,
      after: decodeCursor(cursor),
    });
    return c.json(
      {
        sessions: page.items.map((row) => ({
          id: row.id,
          createdAt: row.created_at.toISOString(),
          lastUsedAt: row.last_used_at.toISOString(),
          expiresAt: row.expires_at.toISOString(),
          ip: row.ip,
          userAgent: row.user_agent,
          current: row.id === currentId,
        })),
        nextCursor: page.nextCursor,
      },
      200,
    );
  })
  .openapi(revokeSessionRoute, async (c) => {
    const { db } = c.var.deps;
    const { accountId } = c.var.user;
    const { id } = c.req.valid('param');
    const deleted = await db.transaction().execute(async (trx) => {
      const revoked = await deleteAccountSession(trx, accountId, id);
      if (revoked)
        await recordAudit(trx, c, {
          action: 'session.revoked',
          accountId,
          details: { sessionId: id },
        });
      return revoked;
    });
    if (!deleted) throw ApiError.notFound('Session');
    await announceEndedSessions(c.var.deps.events, accountId, [id]);
    return c.body(null, 204);
  });
