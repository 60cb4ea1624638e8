import type { Executor } from '../../db/database.js';
import { ApiError } from '../../lib/api-error.js';
import { findPasswordHash } from './auth.queries.js';
import { verifyPassword } from './passwords.js';
import { claimLoginAttempt, loginFailed, passwordConfirmed } from './rate-limit.js';

/**
 * Asks a signed-in user's password again before a sensitive change. Guesses from a stolen
 * session count as failed logins and are limited like them; a wrong password is 403
 * `invalid_password` naming `field` (not 401: the user stays signed in).
 */
export async function confirmPassword(
  db: Executor,
  user: { accountId: string; email: string; ip: string },
  field: string,
  password: string,
): Promise<void> {
  const attempt = await claimLoginAttempt(db, user.email, user.ip);
  const passwordHash = await findPasswordHash(db, user.accountId);
  if (!(await verifyPassword(passwordHash, password))) {
    await loginFailed(db, user.ip);
    throw ApiError.forbidden('invalid_password', `${field}: the password is not correct.`);
  }
  await passwordConfirmed(db, attempt);
}
