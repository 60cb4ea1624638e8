import { createRoute, z } from '@hono/zod-openapi';
import { sql } from 'kysely';
import { ApiError } from '../../lib/api-error.js';
import { clientIp } from '../../lib/client-ip.js';
import {
  errorResponses,
  jsonContent,
  jsonRequestBody,
  sessionSecurity,
} from '../../lib/openapi-schemas.js';
import { createRouter } from '../../lib/router.js';
import { recordAudit } from '../audit/audit.js';
import { requireUser } from '../auth/auth.middleware.js';
import { confirmPassword } from '../auth/confirm-password.js';
import { notify } from '../notifications/notifications.service.js';
import { checkPayoutAddress } from './payout-address.js';

const WalletSchema = z
  .object({
    address: z.string().nullable(),
    holdUntil: z
      .string()
      .nullable()
      .openapi({ description: 'payouts to this address wait until then' }),
  })
  .openapi('Wallet');

const userRoute = { tags: ['wallet'], security: sessionSecurity, middleware: [requireUser] };

const getWalletRoute = createRoute({
  ...userRoute,
  method: 'get',
  path: '/v1/wallet',
  summary: 'The payout address and its hold',
  responses: { 200: jsonContent(WalletSchema, 'The wallet.'), 401: errorResponses[401] },
});

const putWalletRoute = createRoute({
  ...userRoute,
  method: 'put',
  path: '/v1/wallet',
  summary: 'Set or change the payout address (password required again)',
  description:
    'The address must be a valid on-curve Solana public key. Payouts to a newly set or changed address wait WALLET_HOLD_HOURS; a notification and an audit entry are written.',
  request: {
    body: jsonRequestBody(
      z.object({
        address: z.string().max(200, { error: 'is too long to be a Solana address' }),
        password: z.string().max(256, { error: 'must be at most 256 characters' }),
      }),
    ),
  },
  responses: {
    200: jsonContent(WalletSchema, 'The wallet.'),
    400: errorResponses[400],
    401: errorResponses[401],
    403: errorResponses[403],
    429: errorResponses[429],
  },
});

export const walletRoutes = createRouter()
  .openapi(getWalletRoute, async (c) => {
    const wallet = await c.var.deps.db
      .selectFrom('wallets')
      .select(['address', 'hold_until'])
      .where('account_id', '=', c.var.user.accountId)
      .executeTakeFirst();
    return c.json(
      { address: wallet?.address ?? null, holdUntil: wallet?.hold_until.toISOString() ?? null },
      200,
    );
  })
  .openapi(putWalletRoute, async (c) => {
    const { db, config, events } = c.var.deps;
    const { accountId, email } = c.var.user;
    const body = c.req.valid('json');
    const check = checkPayoutAddress(body.address);
    if (!check.ok) throw ApiError.badRequest('invalid_address', `address: ${check.problem}`);
    // A stolen session must not be able to guess its way to the account's money.
    const ip = clientIp(c, config.trustProxy);
    await confirmPassword(db, { accountId, email, ip }, 'password', body.password);
    const wallet = await db.transaction().execute(async (trx) => {
      const previous = await trx
        .selectFrom('wallets')
        .select(['address', 'hold_until'])
        .where('account_id', '=', accountId)
        .forUpdate()
        .executeTakeFirst();
      if (previous?.address === check.address) return previous;
      const holdUntil = sql<Date>`now() + make_interval(hours => ${config.walletHoldHours})`;
      const saved = await trx
        .insertInto('wallets')
        .values({ account_id: accountId, address: check.address, hold_until: holdUntil })
        .onConflict((conflict) =>
          conflict.column('account_id').doUpdateSet({
            address: check.address,
            hold_until: holdUntil,
            updated_at: sql<Date>`now()`,
          }),
        )
        .returning(['address', 'hold_until'])
        .executeTakeFirstOrThrow();
      await recordAudit(trx, c, {
        action: 'wallet.changed',
        accountId,
        details: { address: check.address, previous: previous?.address ?? null },
      });
      await notify(trx, events, {
        accountId,
        deviceId: null,
        kind: 'wallet.changed',
        severity: 'warning',
        title: previous ? 'Payout address changed' : 'Payout address set',
        message: `Payouts go to ${check.address} from ${saved.hold_until.toISOString()}. If this was not you, change your password and the address now.`,
      });
      return saved;
    });
    return c.json({ address: wallet.address, holdUntil: wallet.hold_until.toISOString() }, 200);
  });
