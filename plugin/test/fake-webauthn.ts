/** WebAuthn as a browser with one authenticator offers it: `PublicKeyCredential` and `navigator.credentials`. */
import { onTestFinished, vi } from 'vitest';
import type { PasskeyAssertion } from '../src/utils/webauthn';

const bytes = (text: string) => new TextEncoder().encode(text).buffer;

/** What `navigator.credentials.create()` resolves to: the parts @simplewebauthn/browser reads. */
function createdCredential() {
  return {
    id: 'cred-1',
    rawId: bytes('cred-1'),
    type: 'public-key',
    authenticatorAttachment: 'platform',
    response: {
      clientDataJSON: bytes('{"type":"webauthn.create"}'),
      attestationObject: bytes('attestation'),
      getTransports: () => ['internal'],
    },
    getClientExtensionResults: () => ({ credProps: { rk: true } }),
  };
}

/** What `navigator.credentials.get()` resolves to. */
function assertionCredential() {
  return {
    id: 'cred-1',
    rawId: bytes('cred-1'),
    type: 'public-key',
    authenticatorAttachment: 'platform',
    response: {
      clientDataJSON: bytes('{"type":"webauthn.get"}'),
      authenticatorData: bytes('authenticator-data'),
      signature: bytes('signature'),
      userHandle: bytes('account-1'),
    },
    getClientExtensionResults: () => ({}),
  };
}

/** The JSON the app sends for `assertionCredential()`: base64url of each part. */
export const ASSERTION_JSON: PasskeyAssertion = {
  id: 'cred-1',
  rawId: 'Y3JlZC0x',
  type: 'public-key',
  authenticatorAttachment: 'platform',
  clientExtensionResults: {},
  response: {
    clientDataJSON: 'eyJ0eXBlIjoid2ViYXV0aG4uZ2V0In0',
    authenticatorData: 'YXV0aGVudGljYXRvci1kYXRh',
    signature: 'c2lnbmF0dXJl',
    userHandle: 'YWNjb3VudC0x',
  },
};

/** Request options as the API answers them (a base64url challenge). */
export const REQUEST_OPTIONS = { challenge: 'Y2hhbGxlbmdl', rpId: 'localhost', timeout: 300000 };

/**
 * Gives jsdom WebAuthn until the test ends; `create` and `get` are mocks to inspect or to make
 * fail, e.g. `webauthn.get.mockRejectedValueOnce(new DOMException('…', 'NotAllowedError'))`.
 */
export function fakeWebAuthn() {
  const create = vi.fn(async (_options: CredentialCreationOptions) => createdCredential());
  const get = vi.fn(async (_options: CredentialRequestOptions) => assertionCredential());
  // Only its presence is looked at: the JSON helpers come from @simplewebauthn/browser.
  vi.stubGlobal('PublicKeyCredential', vi.fn());
  Object.defineProperty(navigator, 'credentials', { value: { create, get }, configurable: true });
  onTestFinished(() => {
    Reflect.deleteProperty(navigator, 'credentials');
  });
  return { create, get };
}

/** What a browser answers when its passkey dialog was closed or timed out. */
export const dialogClosed = () =>
  new DOMException('The operation either timed out or was not allowed.', 'NotAllowedError');
