import React from 'react';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { apiError, fakeApi, renderSignedIn, respond, type ApiRoutes } from '../../../test/fake-api';
import {
  ASSERTION_JSON,
  dialogClosed,
  fakeWebAuthn,
  REQUEST_OPTIONS,
} from '../../../test/fake-webauthn';
import { EmailChangePart } from '../../pages/Settings/Security/EmailChangePart';
import { testIds } from '../../testIds';

/** A sensitive change (the email address) by an account with the app and a passkey. */
function renderChange(routes: ApiRoutes) {
  const api = fakeApi({
    'POST /v1/me/passkeys/assertion-options': () => REQUEST_OPTIONS,
    'POST /v1/me/email': () => respond(202),
    ...routes,
  });
  renderSignedIn(<EmailChangePart methods={{ totp: true, passkey: true }} />);
  return { ...api, user: userEvent.setup() };
}

async function fillTheChange(user: ReturnType<typeof userEvent.setup>) {
  const part = await screen.findByTestId(testIds.settings.emailChange);
  await user.type(within(part).getByLabelText('New email address'), 'ada@new.example');
  await user.type(within(part).getByLabelText('Your password'), 'correct-horse-battery');
  return part;
}

// The first render pays for @grafana/ui's setup; a loaded CI machine needs more than 5 s.
describe('a passkey as the second factor', { timeout: 20_000 }, () => {
  it('signs in the click that asks for it, and the change sends its assertion', async () => {
    fakeWebAuthn();
    const { calls, user } = renderChange({});
    const part = await fillTheChange(user);
    await user.click(within(part).getByRole('button', { name: 'Use a passkey instead' }));
    expect(await within(part).findByText(/Confirmed: your passkey signs/)).toBeInTheDocument();
    expect(within(part).queryByLabelText(/^Code from/)).toBeNull();
    await user.click(within(part).getByRole('button', { name: 'Send a confirmation link' }));

    expect(
      await within(part).findByText(/We mailed a link to ada@new.example/),
    ).toBeInTheDocument();
    expect(calls.filter((call) => call.method === 'POST').map((call) => call.path)).toEqual([
      '/v1/me/passkeys/assertion-options',
      '/v1/me/email',
    ]);
    expect(calls.find((call) => call.path === '/v1/me/email')?.body).toEqual({
      newEmail: 'ada@new.example',
      password: 'correct-horse-battery',
      assertion: ASSERTION_JSON,
    });
  });

  it('shows a closed dialog and a refused passkey on the field, and goes back to the code', async () => {
    const webauthn = fakeWebAuthn();
    webauthn.get.mockRejectedValueOnce(dialogClosed());
    const { calls, user } = renderChange({
      'POST /v1/me/email': () =>
        apiError(
          403,
          'invalid_code',
          'assertion: the passkey was refused: sign again with new options.',
        ),
    });
    const part = await fillTheChange(user);
    await user.click(within(part).getByRole('button', { name: 'Use a passkey instead' }));
    const button = await within(part).findByRole('button', { name: 'Confirm with a passkey' });
    expect(button).toHaveAccessibleDescription(/No passkey was used: the request was cancelled/);

    await user.click(button);
    await within(part).findByText(/Confirmed: your passkey signs/);
    await user.click(within(part).getByRole('button', { name: 'Send a confirmation link' }));
    expect(
      await within(part).findByText('The passkey was refused: sign again with new options.'),
    ).toBeInTheDocument();
    expect(calls.filter((call) => call.path === '/v1/me/passkeys/assertion-options')).toHaveLength(
      2,
    );

    await user.click(within(part).getByRole('button', { name: 'Use a code from the app instead' }));
    expect(within(part).getByLabelText(/^Code from your authenticator app/)).toHaveFocus();
  });
});
