/**
 * Passkeys in the browser: the WebAuthn ceremonies through @simplewebauthn/browser, which turns
 * the API's JSON options into what `navigator.credentials` takes and its answer back into JSON.
 * The standard `PublicKeyCredential.parse…FromJSON()` and `toJSON()` would do the same, but
 * Safari has them only since 18.4, and passkeys are most used on Apple devices.
 */
import {
  browserSupportsWebAuthn,
  startAuthentication,
  startRegistration,
  WebAuthnError,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/browser';
import type { InferResponseType } from 'hono/client';
import type { ApiClient } from '../api/client';

type CreationOptions = InferResponseType<
  ApiClient['v1']['me']['passkeys']['options']['$post'],
  200
>;
type RequestOptions = InferResponseType<
  ApiClient['v1']['auth']['passkey']['options']['$post'],
  200
>;

/** A passkey's signature, as the API takes it: a sign-in `response` or a change's `assertion`. */
export type PasskeyAssertion = AuthenticationResponseJSON;

/** Whether this browser can use passkeys at all (it has `window.PublicKeyCredential`). */
export const passkeysSupported = browserSupportsWebAuthn;

/** Asks the browser to create a passkey (Touch ID, Windows Hello, a phone, a security key). */
export async function createPasskey(options: CreationOptions): Promise<RegistrationResponseJSON> {
  try {
    // The API types WebAuthn's enums (attestation, transports) as plain strings.
    const optionsJSON = options as PublicKeyCredentialCreationOptionsJSON;
    return await startRegistration({ optionsJSON });
  } catch (error) {
    throw new Error(ceremonyFailure(error), { cause: error });
  }
}

/** Asks the browser to sign the API's challenge with one of the user's passkeys. */
export async function signWithPasskey(options: RequestOptions): Promise<PasskeyAssertion> {
  try {
    const optionsJSON = options as PublicKeyCredentialRequestOptionsJSON;
    return await startAuthentication({ optionsJSON });
  } catch (error) {
    throw new Error(ceremonyFailure(error), { cause: error });
  }
}

/**
 * Why the browser's passkey dialog failed, in words for the user. Browsers answer a closed
 * dialog, a timeout and a refused request all with NotAllowedError, and say no more on purpose.
 */
function ceremonyFailure(error: unknown): string {
  const name = error instanceof Error ? error.name : '';
  const code = error instanceof WebAuthnError ? error.code : undefined;
  if (code === 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED') {
    return 'This device already holds one of your passkeys.';
  }
  if (name === 'NotAllowedError' || name === 'AbortError') {
    return 'No passkey was used: the request was cancelled or timed out.';
  }
  if (name === 'SecurityError') {
    return 'Passkeys do not work at this address of the app: the API expects another domain (WEBAUTHN_RP_ID).';
  }
  return error instanceof Error ? error.message : String(error);
}
