/** The security log's entries in words: what happened, never the API's action names. */
import type { SecurityLogAction } from '@ioworker/api';
import type { SecurityEvent } from '../../../api/client';

type Details = SecurityEvent['details'];

export interface EventWording {
  text: string;
  /** A refused attempt: the log marks it, since it may not have been the user. */
  failed: boolean;
}

const detail = (details: Details, key: string): string | undefined => {
  const value = details[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
};

/** `API token “ci”`, or just `API token` when the entry names none. */
const named = (noun: string, name: string | undefined) => (name ? `${noun} “${name}”` : noun);

const PASSKEY_REFUSALS: Record<string, string> = {
  challenge: 'a reused or expired request',
  credential: 'a passkey not registered to this account',
  signature: 'a signature that did not verify',
  counter: 'a passkey that may have been copied',
};

function failedSignIn(details: Details): string {
  const step = detail(details, 'step');
  if (step === 'passkey') {
    const refusal = PASSKEY_REFUSALS[detail(details, 'refusal') ?? ''];
    return refusal ? `Failed sign-in with a passkey: ${refusal}` : 'Failed sign-in with a passkey';
  }
  if (step === 'second factor') return 'Failed sign-in: the password was right, the code was not';
  return 'Failed sign-in: wrong password';
}

function tokenCreated(details: Details): string {
  const scope = detail(details, 'scope');
  const kind =
    scope === 'write'
      ? 'Read-and-write API token'
      : scope === 'read'
        ? 'Read-only API token'
        : 'API token';
  return `${named(kind, detail(details, 'name'))} created`;
}

// Every action of the log has its words: a new one fails to compile until it gets them.
const WORDING: Record<SecurityLogAction, (details: Details) => string> = {
  'account.registered': () => 'Account created',
  'login.succeeded': () => 'Signed in',
  'login.failed': failedSignIn,
  logout: () => 'Signed out',
  'password.changed': () => 'Password changed',
  'password.reset': () => 'Password reset with a mailed link',
  '2fa.enabled': () => 'Two-factor authentication with an authenticator app turned on',
  '2fa.disabled': () => 'Two-factor authentication with an authenticator app turned off',
  '2fa.recovery_codes_replaced': () => 'Recovery codes replaced; the old ones stopped working',
  'passkey.added': (details) => `${named('Passkey', detail(details, 'name'))} added`,
  'passkey.removed': (details) => `${named('Passkey', detail(details, 'name'))} removed`,
  'email.verified': () => 'Email address verified',
  'email.change_requested': (details) => {
    const to = detail(details, 'newEmail');
    return to
      ? `Change of the email address to ${to} requested`
      : 'Change of the email address requested';
  },
  'email.changed': (details) => {
    const to = detail(details, 'email');
    return to ? `Email address changed to ${to}` : 'Email address changed';
  },
  'session.revoked': (details) =>
    detail(details, 'from') === 'new sign-in alert'
      ? 'A session was ended from the link in a new sign-in alert'
      : 'A session was signed out',
  'wallet.changed': (details) => {
    const address = detail(details, 'address');
    return address ? `Payout wallet changed to ${address}` : 'Payout wallet changed';
  },
  'token.created': tokenCreated,
  'token.revoked': (details) => `${named('API token', detail(details, 'name'))} revoked`,
  'fleet_token.created': (details) => `${named('Fleet token', detail(details, 'name'))} created`,
  'fleet_token.revoked': (details) => `${named('Fleet token', detail(details, 'name'))} revoked`,
};

const isWorded = (action: string): action is SecurityLogAction => Object.hasOwn(WORDING, action);

/**
 * What an entry says. An action this version of the app does not know yet (a newer API) is
 * shown by its name rather than hidden.
 *
 * @example
 * describeSecurityEvent({ action: 'token.revoked', details: { name: 'ci' }, … })
 * // → { text: 'API token “ci” revoked', failed: false }
 */
export function describeSecurityEvent(
  event: Pick<SecurityEvent, 'action' | 'details'>,
): EventWording {
  const { action, details } = event;
  return {
    text: isWorded(action) ? WORDING[action](details) : `Security event “${action}”`,
    failed: action === 'login.failed',
  };
}
