import type { Executor } from '../../db/database.js';
import { ApiError } from '../../lib/api-error.js';
import {
  countAttemptsSince,
  deleteAttempt,
  deleteLoginFailures,
  deleteStaleAttempts,
  insertAttempt,
  nthRecentAttempt,
  type AttemptKind,
} from './auth.queries.js';

const WINDOW_MS = 15 * 60 * 1000;
const MAX_FAILURES_PER_EMAIL_AND_IP = 5;
const MAX_FAILURES_PER_IP = 20;
const REGISTRATION_WINDOW_MS = 60 * 60 * 1000;
const MAX_REGISTRATIONS_PER_IP = 10;

type Scope = { kind: AttemptKind; ip?: string; email?: string };
type Limit = { scope: Scope; max: number; windowMs: number };

/** When the `max`-th most recent attempt leaves the window, fewer than `max` remain. */
async function secondsUntilBelow(db: Executor, limit: Limit): Promise<number> {
  const since = new Date(Date.now() - limit.windowMs);
  const at = await nthRecentAttempt(db, limit.scope, limit.max, since);
  return at ? Math.max(1, (at.getTime() + limit.windowMs - Date.now()) / 1000) : 1;
}

/**
 * Counts an attempt before the expensive check it guards: the attempt is stored first, then
 * the window is counted with it. Parallel attempts each see every attempt stored before their
 * count, so no more than `max` of them can pass, however many arrive at once. An attempt over a
 * limit is taken back (it was refused, not tried) and answered 429 with a Retry-After.
 * Returns the stored attempt's id.
 */
async function claimAttempt(
  db: Executor,
  attempt: Scope & { ip: string },
  limits: Limit[],
  refusal: string,
): Promise<string> {
  const id = await insertAttempt(db, attempt);
  for (const limit of limits) {
    const since = new Date(Date.now() - limit.windowMs);
    if ((await countAttemptsSince(db, limit.scope, since)) > limit.max) {
      await deleteAttempt(db, id);
      throw ApiError.tooManyRequests(await secondsUntilBelow(db, limit), refusal);
    }
  }
  return id;
}

const TOO_MANY_LOGINS = 'Too many failed sign-in attempts. Try again later.';

/**
 * A password check for an email from an IP: at most 5 failures per (email, IP) and 20 per IP in
 * 15 minutes (other IPs are unaffected). The attempt counts as a failure unless
 * `loginSucceeded` or `passwordConfirmed` takes it back. Returns its id.
 */
export function claimLoginAttempt(db: Executor, email: string, ip: string): Promise<string> {
  return claimAttempt(
    db,
    { kind: 'login_failure', ip, email },
    [
      { scope: { kind: 'login_failure', ip }, max: MAX_FAILURES_PER_IP, windowMs: WINDOW_MS },
      {
        scope: { kind: 'login_failure', ip, email },
        max: MAX_FAILURES_PER_EMAIL_AND_IP,
        windowMs: WINDOW_MS,
      },
    ],
    TOO_MANY_LOGINS,
  );
}

/** A failed attempt stays counted; the table is kept small on the way. */
export async function loginFailed(db: Executor, ip: string): Promise<void> {
  await deleteStaleAttempts(db, ip);
}

/** A sign-in succeeded: this email's failures from this IP are forgiven. */
export async function loginSucceeded(db: Executor, email: string, ip: string): Promise<void> {
  await deleteLoginFailures(db, email, ip);
}

/** A signed-in user's password was right: only this attempt is taken back. */
export async function passwordConfirmed(db: Executor, attemptId: string): Promise<void> {
  await deleteAttempt(db, attemptId);
}

/** Registrations: 10 per IP per hour, counted before the account is made. */
export async function claimRegistration(db: Executor, ip: string): Promise<void> {
  await claimAttempt(
    db,
    { kind: 'registration', ip },
    [
      {
        scope: { kind: 'registration', ip },
        max: MAX_REGISTRATIONS_PER_IP,
        windowMs: REGISTRATION_WINDOW_MS,
      },
    ],
    'Too many accounts created from this address. Try again later.',
  );
}

const RESET_WINDOW_MS = 60 * 60 * 1000;

/** Password reset mails: 3 an hour for one address (from anywhere), 10 an hour from one IP. */
export async function claimPasswordReset(db: Executor, email: string, ip: string): Promise<void> {
  await claimAttempt(
    db,
    { kind: 'password_reset', ip, email },
    [
      { scope: { kind: 'password_reset', email }, max: 3, windowMs: RESET_WINDOW_MS },
      { scope: { kind: 'password_reset', ip }, max: 10, windowMs: RESET_WINDOW_MS },
    ],
    'Too many password reset requests. Try again later.',
  );
}
