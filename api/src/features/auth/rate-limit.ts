import type { Executor } from '../../db/database.js';
import { ApiError } from '../../lib/api-error.js';
import {
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

/**
 * When the `limit`-th most recent attempt leaves the window, fewer than `limit` remain:
 * that moment is the Retry-After. Null when the limit is not reached.
 */
async function secondsUntilBelowLimit(
  db: Executor,
  where: { kind: AttemptKind; ip: string; email?: string },
  limit: number,
  windowMs: number,
): Promise<number | null> {
  const at = await nthRecentAttempt(db, where, limit, new Date(Date.now() - windowMs));
  if (!at) return null;
  return (at.getTime() + windowMs - Date.now()) / 1000;
}

/** Failed logins: 5 per (email, IP) or 20 per IP in 15 minutes; other IPs are unaffected. */
export async function assertLoginAllowed(db: Executor, email: string, ip: string): Promise<void> {
  const perIp = await secondsUntilBelowLimit(
    db,
    { kind: 'login_failure', ip },
    MAX_FAILURES_PER_IP,
    WINDOW_MS,
  );
  const perEmail = await secondsUntilBelowLimit(
    db,
    { kind: 'login_failure', ip, email },
    MAX_FAILURES_PER_EMAIL_AND_IP,
    WINDOW_MS,
  );
  const wait = Math.max(perIp ?? 0, perEmail ?? 0);
  if (wait > 0) {
    throw ApiError.tooManyRequests(wait, 'Too many failed sign-in attempts. Try again later.');
  }
}

export async function recordLoginFailure(db: Executor, email: string, ip: string): Promise<void> {
  await insertAttempt(db, { kind: 'login_failure', email, ip });
  await deleteStaleAttempts(db, ip);
}

export async function clearLoginFailures(db: Executor, email: string, ip: string): Promise<void> {
  await deleteLoginFailures(db, email, ip);
}

/** Registrations: 10 per IP per hour. */
export async function assertRegistrationAllowed(db: Executor, ip: string): Promise<void> {
  const wait = await secondsUntilBelowLimit(
    db,
    { kind: 'registration', ip },
    MAX_REGISTRATIONS_PER_IP,
    REGISTRATION_WINDOW_MS,
  );
  if (wait !== null && wait > 0) {
    throw ApiError.tooManyRequests(
      wait,
      'Too many accounts created from this address. Try again later.',
    );
  }
}

export async function recordRegistration(db: Executor, ip: string): Promise<void> {
  await insertAttempt(db, { kind: 'registration', ip });
}
