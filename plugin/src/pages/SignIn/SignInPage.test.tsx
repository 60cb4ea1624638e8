import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { apiError, fakeApi, type ApiRoutes } from '../../../test/fake-api';
import { account } from '../../../test/fixtures';
import { renderApp, signedOut } from '../../../test/render-app';
import { testIds } from '../../testIds';

const USER = { id: 'account-1', email: 'ada@example.com', createdAt: '2026-01-01T00:00:00.000Z' };

/** An account with 2FA on: the password step answers `mfaRequired`; `secondStep` the rest. */
function renderTwoStepSignIn(secondStep: ApiRoutes[string]) {
  let signedIn = false;
  const api = fakeApi({
    'GET /v1/me': () => (signedIn ? account() : signedOut()),
    'POST /v1/auth/login': () => ({ mfaRequired: true, mfaToken: 'mfa-1' }),
    'POST /v1/auth/login/2fa': (request) => {
      const reply = secondStep(request);
      signedIn = !(reply instanceof Response);
      return reply;
    },
  });
  renderApp('/settings');
  return api;
}

async function passPasswordStep() {
  const user = userEvent.setup();
  await user.type(await screen.findByLabelText(/^Email/), 'ada@example.com');
  await user.type(screen.getByLabelText(/^Password/), 'correct-horse-battery');
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
  return { user, step: await screen.findByTestId(testIds.signIn.secondStep) };
}

// The first render pays for @grafana/ui's setup; a loaded CI machine needs more than 5 s.
describe('signing in with two-factor authentication', { timeout: 20_000 }, () => {
  it('asks for the code after the password, and signs in with it', async () => {
    const { callsTo } = renderTwoStepSignIn(() => ({ user: USER, token: 'session' }));
    const { user, step } = await passPasswordStep();
    const code = within(step).getByLabelText(/^Code from your authenticator app/);
    expect(code).toHaveAttribute('autocomplete', 'one-time-code');
    expect(code).toHaveAttribute('inputmode', 'numeric');
    expect(code).toHaveFocus();

    // In memory only: nothing a script on the page could read later.
    expect(JSON.stringify({ ...localStorage, ...sessionStorage })).not.toContain('mfa-1');

    await user.type(code, '123 456');
    await user.click(within(step).getByRole('button', { name: 'Sign in' }));

    await waitFor(() => expect(screen.queryByTestId(testIds.signIn.secondStep)).toBeNull());
    expect(screen.queryByTestId(testIds.signIn.form)).toBeNull();
    expect(callsTo('/v1/auth/login/2fa').map((call) => call.body)).toEqual([
      { mfaToken: 'mfa-1', code: '123456' },
    ]);
  });

  it('signs in with a recovery code instead', async () => {
    const { callsTo } = renderTwoStepSignIn(() => ({ user: USER, token: 'session' }));
    const { user, step } = await passPasswordStep();
    await user.click(within(step).getByRole('button', { name: 'Use a recovery code instead' }));
    const recovery = within(step).getByLabelText(/^Recovery code/);
    expect(recovery).toHaveFocus();
    await user.type(recovery, 'abcd-efgh');
    await user.click(within(step).getByRole('button', { name: 'Sign in' }));

    await waitFor(() => expect(screen.queryByTestId(testIds.signIn.secondStep)).toBeNull());
    expect(callsTo('/v1/auth/login/2fa')[0]?.body).toEqual({
      mfaToken: 'mfa-1',
      recoveryCode: 'abcd-efgh',
    });
  });

  it('shows a wrong code on the code field, and a malformed one without asking', async () => {
    const { callsTo } = renderTwoStepSignIn(() =>
      apiError(401, 'invalid_code', 'The code is not right, or was used already.'),
    );
    const { user, step } = await passPasswordStep();
    const code = within(step).getByLabelText(/^Code from your authenticator app/);
    await user.type(code, '12345');
    await user.click(within(step).getByRole('button', { name: 'Sign in' }));
    expect(code).toHaveAccessibleDescription(/Enter the 6 digits your authenticator app shows\.$/);
    expect(callsTo('/v1/auth/login/2fa')).toHaveLength(0);

    await user.type(code, '6');
    await user.click(within(step).getByRole('button', { name: 'Sign in' }));
    await waitFor(() =>
      expect(code).toHaveAccessibleDescription(/The code is not right, or was used already\.$/),
    );
    expect(code).toBeInvalid();
  });

  it('goes back to the password when the sign-in expired', async () => {
    renderTwoStepSignIn(() =>
      apiError(
        401,
        'invalid_mfa_token',
        'The sign-in expired or took too many tries: sign in again.',
      ),
    );
    const { user, step } = await passPasswordStep();
    await user.type(within(step).getByLabelText(/^Code from/), '123456');
    await user.click(within(step).getByRole('button', { name: 'Sign in' }));
    await user.click(await within(step).findByRole('button', { name: 'Sign in again' }));

    expect(await screen.findByTestId(testIds.signIn.form)).toBeInTheDocument();
  });
});
