import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';
import { ApiError } from '../../lib/api-error.js';

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
  where: { kind: 'login_failure' | 'registration'; ip: string; email?: string },
  limit: number,
  windowMs: number,
): Promise<number | null> {
  let query = db
    .selectFrom('auth_attempts')
    .select('at')
    .where('kind', '=', where.kind)
    .where('ip', '=', where.ip)
    .where('at', '>', new Date(Date.now() - windowMs));
  if (where.email !== undefined) query = query.where('email', '=', where.email);
  const row = await query
    .orderBy('at', 'desc')
    .offset(limit - 1)
    .limit(1)
    .executeTakeFirst();
  if (!row) return null;
  return (row.at.getTime() + windowMs - Date.now()) / 1000;
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
  await db.insertInto('auth_attempts').values({ kind: 'login_failure', email, ip }).execute();
  // Keeps the table small without a sweeper: this IP's attempts older than any window go.
  await db
    .deleteFrom('auth_attempts')
    .where('ip', '=', ip)
    .where('at', '<', sql<Date>`now() - interval '1 day'`)
    .execute();
}

export async function clearLoginFailures(db: Executor, email: string, ip: string): Promise<void> {
  await db
    .deleteFrom('auth_attempts')
    .where('kind', '=', 'login_failure')
    .where('email', '=', email)
    .where('ip', '=', ip)
    .execute();
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
  await db.insertInto('auth_attempts').values({ kind: 'registration', ip }).execute();
}
