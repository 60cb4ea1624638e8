import { randomBytes } from 'node:crypto';
import type { Db } from '../../../db/database.js';
import { TEST_ORIGIN } from '../../../test/test-api.js';

/**
 * WebAuthn responses that are well formed up to the authenticator's part, for the rules the API
 * applies before a signature matters. Real passkeys sign in passkeys.browser.test.ts.
 */
export const base64url = (text: string) => Buffer.from(text).toString('base64url');

export function clientData(
  challenge: string,
  type = 'webauthn.create',
  origin = TEST_ORIGIN,
): string {
  return base64url(JSON.stringify({ type, challenge, origin, crossOrigin: false }));
}

/** A registration response for `challenge` whose attestation is not one. */
export function fakeAttestation(challenge: string, clientDataJSON = clientData(challenge)) {
  return {
    id: 'AAAA',
    rawId: 'AAAA',
    type: 'public-key',
    clientExtensionResults: {},
    response: { clientDataJSON, attestationObject: base64url('not cbor') },
  };
}

/** An assertion for `challenge` by `credentialId`, with no valid signature. */
export function fakeAssertion(challenge: string, credentialId = 'AAAA') {
  return {
    id: credentialId,
    rawId: credentialId,
    type: 'public-key',
    clientExtensionResults: {},
    response: {
      clientDataJSON: clientData(challenge, 'webauthn.get'),
      authenticatorData: base64url('x'.repeat(37)),
      signature: base64url('not a signature'),
    },
  };
}

/** A passkey stored as registration would store it (its key is never used). */
export async function storedPasskey(db: Db, accountId: string, name = 'Laptop') {
  const credentialId = randomBytes(16).toString('base64url');
  const row = await db
    .insertInto('passkeys')
    .values({
      account_id: accountId,
      credential_id: credentialId,
      public_key: base64url('a COSE key'),
      transports: JSON.stringify(['internal']),
      name,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, credentialId };
}
