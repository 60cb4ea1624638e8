import { describe, expect, it } from 'vitest';
import { describeSecurityEvent } from './security-events';

describe('describeSecurityEvent', () => {
  it.each([
    ['account.registered', {}, 'Account created'],
    ['login.succeeded', {}, 'Signed in'],
    ['logout', {}, 'Signed out'],
    ['password.changed', {}, 'Password changed'],
    ['password.reset', {}, 'Password reset with a mailed link'],
    ['2fa.enabled', {}, 'Two-factor authentication with an authenticator app turned on'],
    ['2fa.disabled', {}, 'Two-factor authentication with an authenticator app turned off'],
    ['2fa.recovery_codes_replaced', {}, 'Recovery codes replaced; the old ones stopped working'],
    ['passkey.added', { passkeyId: 'p1', name: 'MacBook' }, 'Passkey “MacBook” added'],
    ['passkey.removed', { passkeyId: 'p1', name: 'YubiKey' }, 'Passkey “YubiKey” removed'],
    ['email.verified', {}, 'Email address verified'],
    [
      'email.change_requested',
      { newEmail: 'ada@new.example' },
      'Change of the email address to ada@new.example requested',
    ],
    [
      'email.changed',
      { previous: 'ada@example.com', email: 'ada@new.example' },
      'Email address changed to ada@new.example',
    ],
    ['session.revoked', { sessionId: 's1' }, 'A session was signed out'],
    [
      'session.revoked',
      { sessionId: 's1', from: 'new sign-in alert' },
      'A session was ended from the link in a new sign-in alert',
    ],
    [
      'wallet.changed',
      { address: 'DRpb…21hy', previous: null },
      'Payout wallet changed to DRpb…21hy',
    ],
    [
      'token.created',
      { tokenId: 't1', name: 'ci', scope: 'write' },
      'Read-and-write API token “ci” created',
    ],
    [
      'token.created',
      { tokenId: 't1', name: 'ci', scope: 'read' },
      'Read-only API token “ci” created',
    ],
    ['token.revoked', { tokenId: 't1', name: 'ci', scope: 'read' }, 'API token “ci” revoked'],
  ])('%s %j → %s', (action, details, text) => {
    expect(describeSecurityEvent({ action, details })).toEqual({ text, failed: false });
  });

  it.each([
    [{ email: 'ada@example.com' }, 'Failed sign-in: wrong password'],
    [{ step: 'second factor' }, 'Failed sign-in: the password was right, the code was not'],
    [
      { step: 'passkey', refusal: 'counter' },
      'Failed sign-in with a passkey: a passkey that may have been copied',
    ],
    [
      { step: 'passkey', refusal: 'challenge' },
      'Failed sign-in with a passkey: a reused or expired request',
    ],
    [{ step: 'passkey', refusal: 'something new' }, 'Failed sign-in with a passkey'],
  ])('a failed sign-in %j → %s, marked', (details, text) => {
    expect(describeSecurityEvent({ action: 'login.failed', details })).toEqual({
      text,
      failed: true,
    });
  });

  it('names what it lacks words for, and leaves out details an entry does not have', () => {
    expect(describeSecurityEvent({ action: 'account.deleted', details: {} }).text).toBe(
      'Security event “account.deleted”',
    );
    expect(describeSecurityEvent({ action: 'passkey.added', details: {} }).text).toBe(
      'Passkey added',
    );
    // An inherited name is not an action.
    expect(describeSecurityEvent({ action: 'toString', details: {} }).text).toBe(
      'Security event “toString”',
    );
  });
});
