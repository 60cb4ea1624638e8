import type { Context } from 'hono';
import type { AppEnv } from '../../app-env.js';
import type { AccountRow } from '../../db/database.js';
import { ApiError } from '../../lib/api-error.js';
import { clientIp } from '../../lib/client-ip.js';
import { hashToken } from '../../lib/secrets.js';
import { recordAudit } from '../audit/audit.js';
import { claimLoginAttempt, loginFailed, loginSucceeded } from '../auth/rate-limit.js';
import { CHALLENGE_TRIES, INVALID_CHALLENGE } from '../two-factor/challenges.js';
import { spendChallenge, tryChallenge } from '../two-factor/two-factor.queries.js';
import { checkAssertion, type AssertionCheck } from './assertion.js';
import type { AuthenticationResponse } from './passkeys.schemas.js';

type SigningAccount = Pick<AccountRow, 'id' | 'email' | 'created_at'>;

/** A refused passkey sign-in is audited like a wrong password: a replay or a copy stands out. */
async function refuse(
  c: Context<AppEnv>,
  check: Extract<AssertionCheck, { ok: false }>,
): Promise<never> {
  await recordAudit(c.var.deps.db, c, {
    action: 'login.failed',
    accountId: check.accountId,
    details: { step: 'passkey', refusal: check.refusal },
  });
  throw ApiError.unauthorized(
    `The passkey was refused: ${check.problem}.`,
    check.refusal === 'challenge' ? 'invalid_challenge' : 'invalid_passkey',
  );
}

/**
 * A passwordless sign-in: any account's passkey, with the user verified on the authenticator
 * (PIN or biometrics), so it stands for both factors.
 */
export async function passwordlessSignIn(
  c: Context<AppEnv>,
  response: AuthenticationResponse,
): Promise<SigningAccount> {
  const { db, config } = c.var.deps;
  const check = await checkAssertion(db, config, response, { purpose: 'sign_in' }, 'response');
  if (!check.ok) return refuse(c, check);
  const { account_id: id, email, account_created_at: created_at } = check.passkey;
  return { id, email, created_at };
}

/**
 * The second step after a right password: a passkey of that account. Each try counts against
 * the `mfaToken` and like a password guess, as a code does (POST /v1/auth/login/2fa).
 */
export async function passkeySecondStep(
  c: Context<AppEnv>,
  response: AuthenticationResponse,
  mfaToken: string,
): Promise<SigningAccount> {
  const { db, config } = c.var.deps;
  const challenge = await tryChallenge(db, hashToken(mfaToken), CHALLENGE_TRIES);
  if (!challenge) throw ApiError.unauthorized(INVALID_CHALLENGE, 'invalid_mfa_token');
  const ip = clientIp(c, config.trustProxy);
  await claimLoginAttempt(db, challenge.email, ip);
  const expected = { purpose: 'second_factor', accountId: challenge.account_id } as const;
  const check = await checkAssertion(db, config, response, expected, 'response');
  if (!check.ok) {
    await loginFailed(db, ip);
    return refuse(c, check);
  }
  if (!(await spendChallenge(db, challenge.id))) {
    throw ApiError.unauthorized(INVALID_CHALLENGE, 'invalid_mfa_token');
  }
  await loginSucceeded(db, challenge.email, ip);
  return { id: challenge.account_id, email: challenge.email, created_at: challenge.created_at };
}
