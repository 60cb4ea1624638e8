import { ApiError } from '../../lib/api-error.js';
import { clientIp } from '../../lib/client-ip.js';
import { hashToken } from '../../lib/secrets.js';
import { createRouter } from '../../router.js';
import { recordAudit } from '../audit/audit.js';
import { confirmPassword } from '../auth/confirm-password.js';
import { newPasswordIssue } from '../auth/auth.schemas.js';
import { hashPassword } from '../auth/passwords.js';
import { claimPasswordReset } from '../auth/rate-limit.js';
import { announceEndedSessions } from '../auth/sessions.js';
import { updatePasswordHash } from '../me/me.queries.js';
import { requireSecondFactor } from '../two-factor/second-factor.js';
import {
  issueLink,
  mailAccount,
  VOIDED_BY_NEW_EMAIL,
  VOIDED_BY_NEW_PASSWORD,
} from './account-mail.js';
import {
  changeEmail,
  consumeAccountToken,
  deleteAllSessions,
  deleteSessionOf,
  findAccountIdByEmail,
  isEmailTaken,
  lockAccount,
  markEmailVerified,
  voidAccountTokens,
} from './account.queries.js';
import {
  adminVerifyEmailRoute,
  confirmEmailChangeRoute,
  confirmPasswordResetRoute,
  endSessionRoute,
  requestEmailChangeRoute,
  requestPasswordResetRoute,
  resendVerificationRoute,
  verifyEmailRoute,
} from './account.routes.js';
import { resendVerification } from './email-verification.js';

const MINUTE_MS = 60 * 1000;
const RESET_TTL_MS = 30 * MINUTE_MS;
const EMAIL_CHANGE_TTL_MS = 24 * 60 * MINUTE_MS;

const invalidToken = () =>
  ApiError.badRequest(
    'invalid_token',
    'token: this link is not valid any more (used, expired or never sent). Ask for a new one.',
  );

export const accountRoutes = createRouter()
  .openapi(verifyEmailRoute, async (c) => {
    const { db } = c.var.deps;
    const { token } = c.req.valid('json');
    await db.transaction().execute(async (trx) => {
      const spent = await consumeAccountToken(trx, 'verify_email', hashToken(token));
      // A link for an address the account no longer has verifies nothing.
      if (!spent?.email || !(await markEmailVerified(trx, spent.account_id, spent.email))) {
        throw invalidToken();
      }
      await recordAudit(trx, c, { action: 'email.verified', accountId: spent.account_id });
    });
    return c.body(null, 204);
  })
  .openapi(resendVerificationRoute, async (c) => {
    await resendVerification(c.var.deps, c.var.user.accountId);
    return c.body(null, 202);
  })
  .openapi(requestPasswordResetRoute, async (c) => {
    const { db } = c.var.deps;
    const { email } = c.req.valid('json');
    await claimPasswordReset(db, email, clientIp(c, c.var.deps.config.trustProxy));
    await db.transaction().execute(async (trx) => {
      const account = await findAccountIdByEmail(trx, email);
      if (!account) return;
      const link = await issueLink(trx, c.var.deps, {
        accountId: account.id,
        purpose: 'password_reset',
        ttlMs: RESET_TTL_MS,
      });
      await mailAccount(trx, c.var.deps, {
        accountId: account.id,
        to: account.email,
        event: 'account.password_reset',
        title: 'Reset your IO Worker password',
        message:
          'Someone (hopefully you) asked to reset the password of your IO Worker account. The ' +
          'link works once, for 30 minutes; every signed-in session ends when it is used. If ' +
          'you did not ask, ignore this mail: your password stays as it is.',
        link,
        linkLabel: 'Choose a new password',
      });
    });
    return c.body(null, 202);
  })
  .openapi(confirmPasswordResetRoute, async (c) => {
    const { db, events } = c.var.deps;
    const { token, newPassword } = c.req.valid('json');
    const passwordHash = await hashPassword(newPassword);
    const reset = await db.transaction().execute(async (trx) => {
      const spent = await consumeAccountToken(trx, 'password_reset', hashToken(token));
      if (!spent) throw invalidToken();
      const account = await lockAccount(trx, spent.account_id);
      const issue = newPasswordIssue(newPassword, account.email);
      if (issue) throw ApiError.badRequest('invalid_request', `newPassword: ${issue}`);
      await updatePasswordHash(trx, spent.account_id, passwordHash);
      await voidAccountTokens(trx, spent.account_id, VOIDED_BY_NEW_PASSWORD);
      const ended = await deleteAllSessions(trx, spent.account_id);
      await recordAudit(trx, c, { action: 'password.reset', accountId: spent.account_id });
      return { accountId: spent.account_id, ended };
    });
    await announceEndedSessions(events, reset.accountId, reset.ended);
    return c.body(null, 204);
  })
  .openapi(requestEmailChangeRoute, async (c) => {
    const { db, config } = c.var.deps;
    const { accountId, email } = c.var.user;
    const { newEmail, password, ...factor } = c.req.valid('json');
    const ip = clientIp(c, config.trustProxy);
    await confirmPassword(db, { accountId, email, ip }, 'password', password);
    await requireSecondFactor(db, c.var.deps, { accountId, email, ip }, factor);
    if (newEmail === email) {
      throw ApiError.badRequest('invalid_request', 'newEmail: is already your address');
    }
    await db.transaction().execute(async (trx) => {
      const account = await lockAccount(trx, accountId);
      if (await isEmailTaken(trx, newEmail)) {
        throw ApiError.conflict('email_taken', 'newEmail: another account uses this address.');
      }
      await voidAccountTokens(trx, accountId, ['email_change']);
      const link = await issueLink(trx, c.var.deps, {
        accountId,
        purpose: 'email_change',
        ttlMs: EMAIL_CHANGE_TTL_MS,
        email: newEmail,
      });
      await mailAccount(trx, c.var.deps, {
        accountId,
        to: newEmail,
        event: 'account.email_change',
        title: 'Confirm your new address for IO Worker',
        message:
          'Confirm that this is the new address of your IO Worker account. The link works ' +
          'once, for 24 hours.',
        link,
        linkLabel: 'Confirm this address',
      });
      await mailAccount(trx, c.var.deps, {
        accountId,
        to: account.email,
        event: 'account.email_change_requested',
        title: 'Your IO Worker address is being changed',
        message:
          `A change of your account's address to ${newEmail} was asked for from ${ip}. It ` +
          'happens when the new address confirms it. If this was not you, change your ' +
          'password now: the request then cannot be confirmed by the thief alone, and sign ' +
          'the other sessions out in Settings.',
      });
      await recordAudit(trx, c, {
        action: 'email.change_requested',
        accountId,
        details: { newEmail },
      });
    });
    return c.body(null, 202);
  })
  .openapi(confirmEmailChangeRoute, async (c) => {
    const { db } = c.var.deps;
    const { token } = c.req.valid('json');
    await db.transaction().execute(async (trx) => {
      const spent = await consumeAccountToken(trx, 'email_change', hashToken(token));
      if (!spent?.email) throw invalidToken();
      const account = await lockAccount(trx, spent.account_id);
      if (!(await changeEmail(trx, spent.account_id, spent.email))) {
        throw ApiError.conflict('email_taken', 'Another account took this address meanwhile.');
      }
      await voidAccountTokens(trx, spent.account_id, VOIDED_BY_NEW_EMAIL);
      await mailAccount(trx, c.var.deps, {
        accountId: spent.account_id,
        to: account.email,
        event: 'account.email_changed',
        title: 'Your IO Worker address was changed',
        message: `Your account now signs in and gets its mail at ${spent.email}.`,
      });
      await recordAudit(trx, c, {
        action: 'email.changed',
        accountId: spent.account_id,
        details: { previous: account.email, email: spent.email },
      });
    });
    return c.body(null, 204);
  })
  .openapi(endSessionRoute, async (c) => {
    const { db, events } = c.var.deps;
    const { token } = c.req.valid('json');
    const ended = await db.transaction().execute(async (trx) => {
      const spent = await consumeAccountToken(trx, 'end_session', hashToken(token));
      if (!spent?.session_id) throw invalidToken();
      await deleteSessionOf(trx, spent.account_id, spent.session_id);
      await recordAudit(trx, c, {
        action: 'session.revoked',
        accountId: spent.account_id,
        details: { sessionId: spent.session_id, from: 'new sign-in alert' },
      });
      return { accountId: spent.account_id, sessionId: spent.session_id };
    });
    await announceEndedSessions(events, ended.accountId, [ended.sessionId]);
    return c.body(null, 204);
  })
  .openapi(adminVerifyEmailRoute, async (c) => {
    const { db } = c.var.deps;
    const { email } = c.req.valid('json');
    const account = await findAccountIdByEmail(db, email);
    if (!account || !(await markEmailVerified(db, account.id, account.email))) {
      throw ApiError.notFound('Account');
    }
    return c.body(null, 204);
  });
