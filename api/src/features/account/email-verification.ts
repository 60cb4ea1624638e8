import type { AppDeps } from '../../app-env.js';
import type { Executor } from '../../db/database.js';
import { ApiError } from '../../lib/api-error.js';
import { issueLink, mailAccount } from './account-mail.js';
import { countTokensSince, lockAccount, markEmailVerified } from './account.queries.js';

type VerificationDeps = Pick<AppDeps, 'db' | 'config' | 'secrets'>;

const HOUR_MS = 60 * 60 * 1000;
const VERIFY_TTL_MS = 24 * HOUR_MS;
const RESENDS_PER_HOUR = 3;

/**
 * Mails the account a link that verifies its address, in the caller's transaction. Without
 * SMTP_URL (development, tests that need no mail; production requires it) nothing can be
 * mailed, so the address counts as verified at once.
 */
export async function startEmailVerification(
  db: Executor,
  deps: Omit<VerificationDeps, 'db'>,
  account: { id: string; email: string },
): Promise<void> {
  if (!deps.config.notifications.smtpUrl) {
    await markEmailVerified(db, account.id, account.email);
    return;
  }
  const link = await issueLink(db, deps, {
    accountId: account.id,
    purpose: 'verify_email',
    ttlMs: VERIFY_TTL_MS,
    email: account.email,
  });
  await mailAccount(db, deps, {
    accountId: account.id,
    to: account.email,
    event: 'account.verify_email',
    title: 'Confirm your address for IO Worker',
    message:
      'Confirm this address to finish setting up your IO Worker account: payouts need a ' +
      'verified address. The link works once, for 24 hours.',
    link,
    linkLabel: 'Confirm my address',
  });
}

/** Mails a new verification link: 409 when verified, 429 past 3 links an hour. */
export async function resendVerification(deps: VerificationDeps, accountId: string): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    // The account row's lock makes the count and the new link one step: parallel resends
    // cannot all pass the limit.
    const account = await lockAccount(trx, accountId);
    if (account.email_verified_at) {
      throw ApiError.conflict('already_verified', 'The address is verified already.');
    }
    const since = new Date(Date.now() - HOUR_MS);
    if ((await countTokensSince(trx, accountId, 'verify_email', since)) >= RESENDS_PER_HOUR) {
      throw ApiError.tooManyRequests(
        HOUR_MS / 1000,
        'A verification link was mailed 3 times this hour. Check your mail, or try later.',
      );
    }
    await startEmailVerification(trx, deps, account);
  });
}
