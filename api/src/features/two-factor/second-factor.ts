import { decodeBase32IgnorePadding, encodeBase32UpperCaseNoPadding } from '@oslojs/encoding';
import { createTOTPKeyURI, verifyHOTP } from '@oslojs/otp';
import { randomBytes } from 'node:crypto';
import type { AppDeps } from '../../app-env.js';
import type { Executor } from '../../db/database.js';
import { ApiError } from '../../lib/api-error.js';
import { generateToken, hashToken } from '../../lib/secrets.js';
import { claimLoginAttempt, loginFailed, passwordConfirmed } from '../auth/rate-limit.js';
import { checkAssertion } from '../passkeys/assertion.js';
import { hasPasskey } from '../passkeys/passkeys.queries.js';
import type { AuthenticationResponse } from '../passkeys/passkeys.schemas.js';
import { findTotp, takeRecoveryCode, takeTotpStep } from './two-factor.queries.js';

/** RFC 6238 as every authenticator app reads it: 30-second steps, 6 digits, SHA-1. */
const PERIOD_S = 30;
const DIGITS = 6;
/** A code of the step before or after is accepted too: clocks drift. */
const DRIFT_STEPS = 1;

export type SecondFactor = {
  code?: string | undefined;
  recoveryCode?: string | undefined;
  assertion?: AuthenticationResponse | undefined;
};

/** A new TOTP key: what is stored (base32) and the otpauth:// URL for the QR code. */
export function newTotpKey(email: string) {
  const key = new Uint8Array(randomBytes(20));
  return {
    secret: encodeBase32UpperCaseNoPadding(key),
    otpauthUrl: createTOTPKeyURI('IO Worker', email, key, PERIOD_S, DIGITS),
  };
}

/** The step a code belongs to, within the drift, or null when it matches none. */
export function stepOfCode(secret: string, code: string, now = Date.now()): bigint | null {
  if (!/^\d{6}$/.test(code)) return null;
  const key = decodeBase32IgnorePadding(secret);
  const current = BigInt(Math.floor(now / 1000 / PERIOD_S));
  for (let offset = -DRIFT_STEPS; offset <= DRIFT_STEPS; offset += 1) {
    const step = current + BigInt(offset);
    if (verifyHOTP(key, step, DIGITS, code)) return step;
  }
  return null;
}

/** Ten single-use recovery codes, `abcd-efgh`, and their hashes (all that is stored). */
export function newRecoveryCodes(): { codes: string[]; hashes: string[] } {
  const codes = Array.from({ length: 10 }, () => {
    const raw = generateToken(5);
    return `${raw.slice(0, 4)}-${raw.slice(4, 8)}`;
  });
  return { codes, hashes: codes.map(hashRecoveryCode) };
}

function hashRecoveryCode(code: string): string {
  return hashToken(code.toLowerCase().replace(/[\s-]/g, ''));
}

export async function isTotpOn(db: Executor, accountId: string): Promise<boolean> {
  return Boolean((await findTotp(db, accountId))?.confirmed_at);
}

/** Two-factor is on with a confirmed TOTP key or any passkey. */
export async function isTwoFactorOn(db: Executor, accountId: string): Promise<boolean> {
  return (await isTotpOn(db, accountId)) || hasPasskey(db, accountId);
}

/**
 * Whether a TOTP code (each once), a recovery code (each once) or a passkey assertion (each
 * challenge once) of the account is right.
 */
export async function checkSecondFactor(
  db: Executor,
  deps: Pick<AppDeps, 'secrets' | 'config'>,
  accountId: string,
  factor: SecondFactor,
): Promise<boolean> {
  if (factor.assertion) {
    const expected = { purpose: 'second_factor', accountId } as const;
    return (await checkAssertion(db, deps.config, factor.assertion, expected, 'assertion')).ok;
  }
  if (factor.recoveryCode) {
    return takeRecoveryCode(db, accountId, hashRecoveryCode(factor.recoveryCode));
  }
  const totp = await findTotp(db, accountId);
  if (!factor.code || !totp?.confirmed_at) return false;
  const step = stepOfCode(deps.secrets.open(totp.secret_sealed), factor.code);
  return step !== null && takeTotpStep(db, accountId, step, { confirmed: true });
}

/**
 * For a sensitive change by a signed-in user (the wallet, turning 2FA off, a write token): with
 * 2FA on, a right code, recovery code or passkey assertion, else 403 `invalid_code` naming
 * `field`. Each try counts like a password guess, so a stolen session cannot try without end.
 */
export async function requireSecondFactor(
  db: Executor,
  deps: Pick<AppDeps, 'secrets' | 'config'>,
  user: { accountId: string; email: string; ip: string },
  factor: SecondFactor,
  field = 'code',
): Promise<void> {
  if (!(await isTwoFactorOn(db, user.accountId))) return;
  if (!factor.code && !factor.recoveryCode && !factor.assertion) {
    throw ApiError.forbidden(
      'invalid_code',
      `${field}: two-factor authentication is on: give a code or a passkey assertion.`,
    );
  }
  const attempt = await claimLoginAttempt(db, user.email, user.ip);
  if (!(await checkSecondFactor(db, deps, user.accountId, factor))) {
    await loginFailed(db, user.ip);
    throw ApiError.forbidden(
      'invalid_code',
      factor.assertion
        ? 'assertion: the passkey was refused: sign again with new options.'
        : `${field}: the code is not right, or was used already.`,
    );
  }
  await passwordConfirmed(db, attempt);
}
