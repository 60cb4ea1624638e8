import type { AppDeps } from '../../app-env.js';
import type { AccountTokenPurpose, Executor } from '../../db/database.js';
import { generateToken, hashToken } from '../../lib/secrets.js';
import { enqueueAccountMail } from '../deliveries/deliveries.queries.js';
import { insertAccountToken } from './account.queries.js';

type MailDeps = Pick<AppDeps, 'config' | 'secrets'>;

/**
 * Links a new password voids: a thief's pending change of address, a reset link lying in a
 * mailbox the owner no longer trusts.
 */
export const VOIDED_BY_NEW_PASSWORD: AccountTokenPurpose[] = ['password_reset', 'email_change'];

/** Links a new address voids: whatever was mailed to the old one, and other pending changes. */
export const VOIDED_BY_NEW_EMAIL: AccountTokenPurpose[] = [
  'password_reset',
  'verify_email',
  'email_change',
];

/** Where each emailed token is used: a page of the app, which posts it back to the API. */
const PAGES: Record<AccountTokenPurpose, string> = {
  verify_email: 'verify-email',
  password_reset: 'reset-password',
  email_change: 'confirm-email',
  end_session: 'end-session',
};

/**
 * Issues a single-use token (only its hash is kept) and returns the app link that carries it.
 */
export async function issueLink(
  db: Executor,
  deps: MailDeps,
  token: {
    accountId: string;
    purpose: AccountTokenPurpose;
    ttlMs: number;
    email?: string;
    sessionId?: string;
  },
): Promise<string> {
  const plain = generateToken(20);
  await insertAccountToken(db, {
    accountId: token.accountId,
    purpose: token.purpose,
    tokenHash: hashToken(plain),
    expiresAt: new Date(Date.now() + token.ttlMs),
    ...(token.email ? { email: token.email } : {}),
    ...(token.sessionId ? { sessionId: token.sessionId } : {}),
  });
  return `${deps.config.appUrl}/${PAGES[token.purpose]}?token=${plain}`;
}

export type AccountMail = {
  accountId: string;
  to: string;
  /** `account.<what>`: mail to the account itself, never grouped, never an alert. */
  event: `account.${string}`;
  title: string;
  message: string;
  link?: string;
  linkLabel?: string;
};

/**
 * Queues mail to an address of the account through the outbox, in the caller's transaction.
 * Without SMTP_URL (development only) there is nowhere to send it, and nothing is queued.
 */
export async function mailAccount(db: Executor, deps: MailDeps, mail: AccountMail): Promise<void> {
  if (!deps.config.notifications.smtpUrl) return;
  await enqueueAccountMail(db, {
    accountId: mail.accountId,
    toSealed: deps.secrets.seal(mail.to),
    message: {
      event: mail.event,
      status: 'firing',
      severity: 'info',
      occurredAt: new Date().toISOString(),
      title: mail.title,
      message: mail.message,
      ...(mail.link ? { link: mail.link, linkLabel: mail.linkLabel ?? 'Open' } : {}),
    },
  });
}
