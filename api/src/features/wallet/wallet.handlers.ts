import { ApiError } from '../../lib/api-error.js';
import { clientIp } from '../../lib/client-ip.js';
import { createRouter } from '../../router.js';
import { recordAudit } from '../audit/audit.js';
import { confirmPassword } from '../auth/confirm-password.js';
import { notify } from '../notifications/notifications.service.js';
import { checkPayoutAddress } from './payout-address.js';
import { findWallet, lockWallet, saveWallet } from './wallet.queries.js';
import { getWalletRoute, putWalletRoute } from './wallet.routes.js';
import { isEmailVerified } from '../account/account.queries.js';
import { requireSecondFactor } from '../two-factor/second-factor.js';

export const walletRoutes = createRouter()
  .openapi(getWalletRoute, async (c) => {
    const wallet = await findWallet(c.var.deps.db, c.var.user.accountId);
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
    if (!(await isEmailVerified(db, accountId))) {
      throw ApiError.forbidden(
        'email_unverified',
        'Confirm your email address first (the link we mailed you): payouts need a verified address.',
      );
    }
    // A stolen session must not be able to guess its way to the account's money.
    const ip = clientIp(c, config.trustProxy);
    await confirmPassword(db, { accountId, email, ip }, 'password', body.password);
    const factor = { code: body.code, recoveryCode: body.recoveryCode, assertion: body.assertion };
    await requireSecondFactor(db, c.var.deps, { accountId, email, ip }, factor);
    const wallet = await db.transaction().execute(async (trx) => {
      const previous = await lockWallet(trx, accountId);
      if (previous?.address === check.address) return previous;
      const saved = await saveWallet(trx, accountId, check.address, config.walletHoldHours);
      await recordAudit(trx, c, {
        action: 'wallet.changed',
        accountId,
        details: { address: check.address, previous: previous?.address ?? null },
      });
      await notify(
        trx,
        { events, config },
        {
          accountId,
          deviceId: null,
          kind: 'wallet.changed',
          alert: { event: 'wallet.changed', status: 'firing' },
          severity: 'warning',
          title: previous ? 'Payout address changed' : 'Payout address set',
          message: `Payouts go to ${check.address} from ${saved.hold_until.toISOString()}. If this was not you, change your password and the address now.`,
        },
      );
      return saved;
    });
    return c.json({ address: wallet.address, holdUntil: wallet.hold_until.toISOString() }, 200);
  });
