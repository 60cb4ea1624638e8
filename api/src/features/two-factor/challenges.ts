import type { Executor } from '../../db/database.js';
import { generateToken, hashToken } from '../../lib/secrets.js';
import { insertChallenge } from './two-factor.queries.js';

const CHALLENGE_TTL_MS = 5 * 60 * 1000;
/** Wrong codes a challenge takes before it is void (a right one ends it too). */
export const CHALLENGE_TRIES = 5;
/** What a second step with a spent, expired or unknown `mfaToken` is told (401). */
export const INVALID_CHALLENGE = 'The sign-in expired or took too many tries: sign in again.';

/** After a right password with 2FA on: the token the second step must bring back. */
export async function openChallenge(db: Executor, accountId: string): Promise<string> {
  const token = generateToken(20, 'mfa_');
  await insertChallenge(db, {
    accountId,
    tokenHash: hashToken(token),
    expiresAt: new Date(Date.now() + CHALLENGE_TTL_MS),
  });
  return token;
}
