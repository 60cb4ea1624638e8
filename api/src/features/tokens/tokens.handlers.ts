import type { Context } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { ApiError } from '../../lib/api-error.js';
import { clientIp } from '../../lib/client-ip.js';
import { createRouter } from '../../router.js';
import { recordAudit } from '../audit/audit.js';
import { confirmPassword } from '../auth/confirm-password.js';
import { requireSecondFactor, type SecondFactor } from '../two-factor/second-factor.js';
import {
  announceRevokedToken,
  issuePersonalToken,
  MAX_TOKENS_PER_ACCOUNT,
} from './personal-tokens.js';
import { toToken } from './token.presenter.js';
import {
  countTokens,
  deleteExpiredTokens,
  deleteToken,
  insertToken,
  listTokens,
  lockAccountForTokens,
} from './tokens.queries.js';
import { createTokenRoute, listTokensRoute, revokeTokenRoute } from './tokens.routes.js';

/**
 * What a `write` token asks of the signed-in user: the password again and, with two-factor on,
 * a code; both limited like sign-ins.
 */
async function confirmWriteToken(
  c: Context<AppEnv>,
  proof: { password: string } & SecondFactor,
): Promise<void> {
  const { accountId, email } = c.var.user;
  const user = { accountId, email, ip: clientIp(c, c.var.deps.config.trustProxy) };
  await confirmPassword(c.var.deps.db, user, 'password', proof.password);
  await requireSecondFactor(c.var.deps.db, c.var.deps, user, proof);
}

export const tokenRoutes = createRouter()
  .openapi(listTokensRoute, async (c) => {
    const rows = await listTokens(c.var.deps.db, c.var.user.accountId);
    return c.json({ tokens: rows.map(toToken) }, 200);
  })
  .openapi(createTokenRoute, async (c) => {
    const { db } = c.var.deps;
    const { accountId } = c.var.user;
    const body = c.req.valid('json');
    if (body.scope === 'write') await confirmWriteToken(c, body);
    const issued = issuePersonalToken(body.expiresInDays);
    const row = await db.transaction().execute(async (trx) => {
      // Under the account's lock, parallel creations cannot pass the limit together.
      await lockAccountForTokens(trx, accountId);
      await deleteExpiredTokens(trx, accountId);
      if ((await countTokens(trx, accountId)) >= MAX_TOKENS_PER_ACCOUNT) {
        throw ApiError.conflict(
          'token_limit_reached',
          `An account can have at most ${MAX_TOKENS_PER_ACCOUNT} API tokens; revoke one first.`,
        );
      }
      const created = await insertToken(trx, {
        accountId,
        name: body.name,
        scope: body.scope,
        tokenHash: issued.tokenHash,
        lastFour: issued.lastFour,
        expiresAt: issued.expiresAt,
      });
      await recordAudit(trx, c, {
        action: 'token.created',
        accountId,
        details: { tokenId: created.id, name: created.name, scope: created.scope },
      });
      return created;
    });
    return c.json({ ...toToken(row), token: issued.token }, 201);
  })
  .openapi(revokeTokenRoute, async (c) => {
    const { db, events } = c.var.deps;
    const { accountId } = c.var.user;
    const { id } = c.req.valid('param');
    const revoked = await db.transaction().execute(async (trx) => {
      const row = await deleteToken(trx, accountId, id);
      if (row) {
        await recordAudit(trx, c, {
          action: 'token.revoked',
          accountId,
          details: { tokenId: row.id, name: row.name, scope: row.scope },
        });
      }
      return row;
    });
    if (!revoked) throw ApiError.notFound('Token');
    await announceRevokedToken(events, accountId, id);
    return c.body(null, 204);
  });
