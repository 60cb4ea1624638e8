import { ApiError } from '../../lib/api-error.js';
import { createRouter } from '../../router.js';
import { recordAudit } from '../audit/audit.js';
import { toFleetToken } from './fleet-token.presenter.js';
import {
  EXPIRED_FLEET_TOKENS_KEPT_DAYS,
  fleetEnrollCommand,
  issueFleetToken,
  MAX_FLEET_TOKENS_PER_ACCOUNT,
} from './fleet-tokens.js';
import {
  countFleetTokens,
  deleteFleetToken,
  deleteLongExpiredFleetTokens,
  insertFleetToken,
  listFleetTokens,
} from './fleet-tokens.queries.js';
import {
  createFleetTokenRoute,
  listFleetTokensRoute,
  revokeFleetTokenRoute,
} from './fleet-tokens.routes.js';
import { lockAccount } from '../devices/devices.queries.js';

export const fleetTokenRoutes = createRouter()
  .openapi(listFleetTokensRoute, async (c) => {
    const rows = await listFleetTokens(c.var.deps.db, c.var.user.accountId);
    return c.json({ fleetTokens: rows.map(toFleetToken) }, 200);
  })
  .openapi(createFleetTokenRoute, async (c) => {
    const { accountId } = c.var.user;
    const { name, maxDevices, expiresInDays } = c.req.valid('json');
    const issued = issueFleetToken(expiresInDays);
    const row = await c.var.deps.db.transaction().execute(async (trx) => {
      // Under the account's lock, parallel creations cannot pass the limit together.
      await lockAccount(trx, accountId);
      await deleteLongExpiredFleetTokens(trx, accountId, EXPIRED_FLEET_TOKENS_KEPT_DAYS);
      if ((await countFleetTokens(trx, accountId)) >= MAX_FLEET_TOKENS_PER_ACCOUNT) {
        throw ApiError.conflict(
          'fleet_token_limit_reached',
          `An account can have at most ${MAX_FLEET_TOKENS_PER_ACCOUNT} fleet tokens; revoke one first.`,
        );
      }
      const created = await insertFleetToken(trx, {
        accountId,
        name,
        maxDevices,
        tokenHash: issued.tokenHash,
        lastFour: issued.lastFour,
        expiresAt: issued.expiresAt,
      });
      await recordAudit(trx, c, {
        action: 'fleet_token.created',
        accountId,
        details: { fleetTokenId: created.id, name, maxDevices, expiresInDays },
      });
      return created;
    });
    const enrollCommand = fleetEnrollCommand(c.var.deps.config.publicUrl, issued.token);
    return c.json({ ...toFleetToken(row), token: issued.token, enrollCommand }, 201);
  })
  .openapi(revokeFleetTokenRoute, async (c) => {
    const { accountId } = c.var.user;
    const { id } = c.req.valid('param');
    const revoked = await c.var.deps.db.transaction().execute(async (trx) => {
      const row = await deleteFleetToken(trx, accountId, id);
      if (row) {
        await recordAudit(trx, c, {
          action: 'fleet_token.revoked',
          accountId,
          details: { fleetTokenId: row.id, name: row.name },
        });
      }
      return row;
    });
    if (!revoked) throw ApiError.notFound('Fleet token');
    return c.body(null, 204);
  });
