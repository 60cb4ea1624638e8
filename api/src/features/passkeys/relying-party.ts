import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import { isoBase64URL, isoUint8Array } from '@simplewebauthn/server/helpers';
import type { Config } from '../../config.js';
import { ApiError } from '../../lib/api-error.js';
import { CHALLENGE_TTL_MS } from './challenges.js';
import type { PasskeyRow } from './passkeys.queries.js';
import {
  knownTransports,
  type AuthenticationResponse,
  type RegistrationResponse,
} from './passkeys.schemas.js';

/** The one relying party: passkeys are bound to `webauthnRpId`, used from the allowed origins. */
export type RelyingParty = Pick<Config, 'webauthnRpId' | 'allowedOrigins'>;

const RP_NAME = 'IO Worker';
function descriptorOf(passkey: Pick<PasskeyRow, 'credential_id' | 'transports'>) {
  return { id: passkey.credential_id, transports: knownTransports(passkey.transports) };
}

/** The account's id is the user handle: stable, and no personal data on the authenticator. */
function userHandleOf(accountId: string): Uint8Array<ArrayBuffer> {
  return isoUint8Array.fromUTF8String(accountId);
}

export function isUserHandleOf(userHandle: string, accountId: string): boolean {
  return isoBase64URL.toUTF8String(userHandle) === accountId;
}

/**
 * Options for a new passkey. A discoverable credential is asked for (so it can sign in without
 * an email) but not required, so a security key without storage still works as a second factor.
 */
export function registrationOptions(
  rp: RelyingParty,
  account: { id: string; email: string },
  existing: PasskeyRow[],
) {
  return generateRegistrationOptions({
    rpName: RP_NAME,
    rpID: rp.webauthnRpId,
    userID: userHandleOf(account.id),
    userName: account.email,
    userDisplayName: account.email,
    timeout: CHALLENGE_TTL_MS,
    attestationType: 'none',
    excludeCredentials: existing.map(descriptorOf),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
  });
}

/**
 * Options to sign with a passkey. With no `allowed` list (a passwordless sign-in) the browser
 * offers its discoverable credentials; there the passkey stands for both factors, so the user
 * must be verified (PIN or biometrics).
 */
export function authenticationOptions(rp: RelyingParty, allowed: PasskeyRow[] | null) {
  return generateAuthenticationOptions({
    rpID: rp.webauthnRpId,
    timeout: CHALLENGE_TTL_MS,
    allowCredentials: allowed?.map(descriptorOf) ?? [],
    userVerification: allowed ? 'preferred' : 'required',
  });
}

/** Verifies an attestation against its challenge; 400 naming what is wrong. */
export async function verifyRegistration(
  rp: RelyingParty,
  response: RegistrationResponse,
  challenge: string,
) {
  try {
    const verification = await verifyRegistrationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: [...rp.allowedOrigins],
      expectedRPID: rp.webauthnRpId,
      requireUserVerification: false,
    });
    if (verification.verified) return verification.registrationInfo.credential;
  } catch (error) {
    const reason = reasonOf(error, 'the attestation could not be decoded');
    throw ApiError.badRequest('invalid_passkey', `response: ${reason}.`);
  }
  throw ApiError.badRequest('invalid_passkey', 'response: the attestation does not verify.');
}

export type AssertionVerification =
  { verified: true; counter: number } | { verified: false; problem: string };

/** Verifies an assertion's signature, origin, RP id and flags (not its counter: see below). */
export async function verifyAssertion(
  rp: RelyingParty,
  response: AuthenticationResponse,
  challenge: string,
  passkey: Pick<PasskeyRow, 'credential_id' | 'public_key' | 'transports'>,
  requireUserVerification: boolean,
): Promise<AssertionVerification> {
  try {
    const verification = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: [...rp.allowedOrigins],
      expectedRPID: rp.webauthnRpId,
      credential: {
        id: passkey.credential_id,
        publicKey: isoBase64URL.toBuffer(passkey.public_key),
        // The counter is checked where it is stored, in one statement with its update
        // (recordPasskeyUse): a check here could pass twice for two parallel assertions.
        counter: 0,
        transports: knownTransports(passkey.transports),
      },
      requireUserVerification,
    });
    return verification.verified
      ? { verified: true, counter: verification.authenticationInfo.newCounter }
      : { verified: false, problem: 'the signature does not verify' };
  } catch (error) {
    return { verified: false, problem: reasonOf(error, 'the assertion could not be decoded') };
  }
}

/**
 * SimpleWebAuthn says what is wrong in plain `Error`s; a TypeError or RangeError comes from
 * decoding bytes that are not what they claim, and its message would say nothing useful.
 */
function reasonOf(error: unknown, fallback: string): string {
  return error instanceof Error && error.constructor === Error && error.message
    ? error.message
    : fallback;
}
