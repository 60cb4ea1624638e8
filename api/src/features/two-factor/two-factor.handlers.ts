import type { Context } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { ApiError } from '../../lib/api-error.js';
import { clientIp } from '../../lib/client-ip.js';
import { hashToken } from '../../lib/secrets.js';
import { createRouter } from '../../router.js';
import { recordAudit } from '../audit/audit.js';
import { confirmPassword } from '../auth/confirm-password.js';
import { claimLoginAttempt, loginFailed, loginSucceeded } from '../auth/rate-limit.js';
import { mailAccount } from '../account/account-mail.js';
import { completeSignIn } from '../auth/sign-in.js';
import { CHALLENGE_TRIES, INVALID_CHALLENGE } from './challenges.js';
import {
  checkSecondFactor,
  isTotpOn,
  isTwoFactorOn,
  newRecoveryCodes,
  newTotpKey,
  requireSecondFactor,
  stepOfCode,
} from './second-factor.js';
import {
  confirmTotp,
  countUnusedRecoveryCodes,
  deleteTwoFactor,
  findTotp,
  replaceRecoveryCodes,
  savePendingTotp,
  spendChallenge,
  takeTotpStep,
  tryChallenge,
} from './two-factor.queries.js';
import {
  confirmTotpRoute,
  disableTotpRoute,
  getTwoFactorRoute,
  loginSecondStepRoute,
  newRecoveryCodesRoute,
  startTotpRoute,
} from './two-factor.routes.js';

function signedInUser(c: Context<AppEnv>) {
  const { accountId, email } = c.var.user;
  return { accountId, email, ip: clientIp(c, c.var.deps.config.trustProxy) };
}

export const twoFactorRoutes = createRouter()
  .openapi(getTwoFactorRoute, async (c) => {
    const { db } = c.var.deps;
    const { accountId } = c.var.user;
    return c.json(
      {
        totp: await isTotpOn(db, accountId),
        recoveryCodesLeft: await countUnusedRecoveryCodes(db, accountId),
      },
      200,
    );
  })
  .openapi(startTotpRoute, async (c) => {
    const { db, secrets } = c.var.deps;
    const { accountId, email } = c.var.user;
    // Turning 2FA on from a stolen session would lock the owner out: the password first.
    const { password, ...factor } = c.req.valid('json');
    const user = signedInUser(c);
    await confirmPassword(db, user, 'password', password);
    await requireSecondFactor(db, c.var.deps, user, factor);
    const key = newTotpKey(email);
    if (!(await savePendingTotp(db, accountId, secrets.seal(key.secret)))) {
      throw ApiError.conflict('totp_on', 'TOTP is on already; turn it off first to change it.');
    }
    return c.json(key, 201);
  })
  .openapi(confirmTotpRoute, async (c) => {
    const { db, secrets } = c.var.deps;
    const { accountId } = c.var.user;
    const { code } = c.req.valid('json');
    const codes = await db.transaction().execute(async (trx) => {
      const pending = await findTotp(trx, accountId);
      if (!pending || pending.confirmed_at) {
        throw ApiError.conflict(
          'no_pending_totp',
          'Start the set-up first (POST /v1/me/2fa/totp).',
        );
      }
      const step = stepOfCode(secrets.open(pending.secret_sealed), code);
      if (step === null || !(await takeTotpStep(trx, accountId, step, { confirmed: false }))) {
        throw ApiError.badRequest('invalid_code', 'code: not the code your app shows now.');
      }
      await confirmTotp(trx, accountId);
      const recovery = newRecoveryCodes();
      await replaceRecoveryCodes(trx, accountId, recovery.hashes);
      await recordAudit(trx, c, { action: '2fa.enabled', accountId });
      await mailAccount(trx, c.var.deps, {
        accountId,
        to: c.var.user.email,
        event: 'account.2fa_enabled',
        title: 'Two-factor authentication is on for your IO Worker account',
        message:
          `It was turned on from ${signedInUser(c).ip}. Signing in now needs a code from the ` +
          'authenticator app, or a recovery code. If this was not you, reset your password and ' +
          'write to support: someone has your session.',
      });
      return recovery.codes;
    });
    return c.json({ recoveryCodes: codes }, 200);
  })
  .openapi(disableTotpRoute, async (c) => {
    const { db } = c.var.deps;
    const { password, ...factor } = c.req.valid('json');
    const user = signedInUser(c);
    await confirmPassword(db, user, 'password', password);
    if (!(await isTotpOn(db, user.accountId))) return c.body(null, 204);
    await requireSecondFactor(db, c.var.deps, user, factor);
    await db.transaction().execute(async (trx) => {
      await deleteTwoFactor(trx, user.accountId);
      await recordAudit(trx, c, { action: '2fa.disabled', accountId: user.accountId });
      await mailAccount(trx, c.var.deps, {
        accountId: user.accountId,
        to: user.email,
        event: 'account.2fa_disabled',
        title: 'Two-factor authentication is off for your IO Worker account',
        message:
          `It was turned off from ${user.ip}. If this was not you, change your password now ` +
          'and sign the other sessions out in Settings.',
      });
    });
    return c.body(null, 204);
  })
  .openapi(newRecoveryCodesRoute, async (c) => {
    const { db } = c.var.deps;
    const { password, ...factor } = c.req.valid('json');
    const user = signedInUser(c);
    await confirmPassword(db, user, 'password', password);
    if (!(await isTwoFactorOn(db, user.accountId))) {
      throw ApiError.conflict('totp_off', 'Two-factor authentication is off.');
    }
    await requireSecondFactor(db, c.var.deps, user, factor);
    const recovery = newRecoveryCodes();
    await db.transaction().execute(async (trx) => {
      await replaceRecoveryCodes(trx, user.accountId, recovery.hashes);
      await recordAudit(trx, c, {
        action: '2fa.recovery_codes_replaced',
        accountId: user.accountId,
      });
    });
    return c.json({ recoveryCodes: recovery.codes }, 200);
  })
  .openapi(loginSecondStepRoute, async (c) => {
    const { db } = c.var.deps;
    const { mfaToken, ...factor } = c.req.valid('json');
    if (!factor.code && !factor.recoveryCode && !factor.assertion) {
      throw ApiError.badRequest(
        'invalid_request',
        'code: give a code, a recoveryCode or a passkey assertion',
      );
    }
    const challenge = await tryChallenge(db, hashToken(mfaToken), CHALLENGE_TRIES);
    if (!challenge) throw ApiError.unauthorized(INVALID_CHALLENGE, 'invalid_mfa_token');
    const ip = clientIp(c, c.var.deps.config.trustProxy);
    await claimLoginAttempt(db, challenge.email, ip);
    const right = await checkSecondFactor(db, c.var.deps, challenge.account_id, factor);
    if (!right) {
      await loginFailed(db, ip);
      await recordAudit(db, c, {
        action: 'login.failed',
        accountId: challenge.account_id,
        details: { step: 'second factor' },
      });
      throw ApiError.unauthorized('The code is not right, or was used already.', 'invalid_code');
    }
    if (!(await spendChallenge(db, challenge.id))) {
      throw ApiError.unauthorized(INVALID_CHALLENGE, 'invalid_mfa_token');
    }
    await loginSucceeded(db, challenge.email, ip);
    const account = {
      id: challenge.account_id,
      email: challenge.email,
      created_at: challenge.created_at,
    };
    return c.json(await completeSignIn(c, account), 200);
  });
