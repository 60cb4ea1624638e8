import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { apiError, fakeApi, type ApiRoutes } from '../../../test/fake-api';
import { ASSERTION_JSON, fakeWebAuthn, REQUEST_OPTIONS } from '../../../test/fake-webauthn';
import { account } from '../../../test/fixtures';
import { renderApp, signedOut } from '../../../test/render-app';
import { testIds } from '../../testIds';

const USER = { id: 'account-1', email: 'ada@example.com', createdAt: '2026-01-01T00:00:00.000Z' };

/** Signed out until `POST /v1/auth/passkey` answers a session. */
function renderSignIn(routes: ApiRoutes) {
  let signedIn = false;
  const api = fakeApi({
    'GET /v1/me': () => (signedIn ? account() : signedOut()),
    'POST /v1/auth/passkey/options': () => REQUEST_OPTIONS,
    'POST /v1/auth/passkey': () => {
      signedIn = true;
      return { user: USER, token: 'session' };
    },
    ...routes,
  });
  renderApp('/settings');
  return { ...api, user: userEvent.setup() };
}

const bodies = (calls: { path: string; method: string; body: unknown }[]) =>
  calls.filter((call) => call.method === 'POST').map((call) => [call.path, call.body]);

// The first render pays for @grafana/ui's setup; a loaded CI machine needs more than 5 s.
describe('signing in with a passkey', { timeout: 20_000 }, () => {
  it('signs in without a password: options, the browser’s signature, the session', async () => {
    const webauthn = fakeWebAuthn();
    const { calls, user } = renderSignIn({});
    await user.click(await screen.findByRole('button', { name: 'Sign in with a passkey' }));

    await waitFor(() => expect(screen.queryByTestId(testIds.signIn.form)).toBeNull());
    expect(bodies(calls)).toEqual([
      ['/v1/auth/passkey/options', {}],
      ['/v1/auth/passkey', { response: ASSERTION_JSON }],
    ]);
    // No allow list: the browser offers the passkeys it holds for this site.
    expect(webauthn.get.mock.calls[0]?.[0].publicKey?.allowCredentials).toBeUndefined();
  });

  it('says why a passkey was refused, and stays on the sign-in page', async () => {
    fakeWebAuthn();
    const { user } = renderSignIn({
      'POST /v1/auth/passkey': () =>
        apiError(
          401,
          'invalid_passkey',
          'The passkey was refused: this passkey is not registered here.',
        ),
    });
    await user.click(await screen.findByRole('button', { name: 'Sign in with a passkey' }));
    expect(await screen.findByText('Could not sign in with a passkey')).toBeInTheDocument();
    expect(screen.getByText(/this passkey is not registered here/)).toBeInTheDocument();
    expect(screen.getByTestId(testIds.signIn.form)).toBeInTheDocument();
  });

  it('is offered as the second step after the password, with its mfaToken', async () => {
    fakeWebAuthn();
    const { calls, user } = renderSignIn({
      'POST /v1/auth/login': () => ({ mfaRequired: true, mfaToken: 'mfa-1' }),
    });
    await user.type(await screen.findByLabelText(/^Email/), 'ada@example.com');
    await user.type(screen.getByLabelText(/^Password/), 'correct-horse-battery');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    const step = await screen.findByTestId(testIds.signIn.secondStep);
    await user.click(within(step).getByRole('button', { name: 'Use a passkey instead' }));

    await waitFor(() => expect(screen.queryByTestId(testIds.signIn.secondStep)).toBeNull());
    expect(bodies(calls).slice(1)).toEqual([
      ['/v1/auth/passkey/options', { mfaToken: 'mfa-1' }],
      ['/v1/auth/passkey', { response: ASSERTION_JSON, mfaToken: 'mfa-1' }],
    ]);
  });

  it('is not offered where the browser has no WebAuthn', async () => {
    renderSignIn({});
    await screen.findByTestId(testIds.signIn.form);
    expect(screen.queryByRole('button', { name: 'Sign in with a passkey' })).toBeNull();
  });
});
