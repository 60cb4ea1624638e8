import React from 'react';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { apiError, fakeApi, renderSignedIn, type ApiRoutes } from '../../../test/fake-api';
import { WalletSection } from './WalletSection';

const ADDRESS = 'DRpbCBMxVnDK7maPM5tGv6MvB3v1sRMC86PZ8okm21hy';

function renderWallet(totp: boolean, routes: ApiRoutes) {
  const api = fakeApi({ 'GET /v1/wallet': () => ({ address: null, holdUntil: null }), ...routes });
  renderSignedIn(<WalletSection methods={{ totp, passkey: false }} />);
  return { ...api, user: userEvent.setup() };
}

async function fillAddressAndPassword(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByLabelText(/^Solana address/));
  await user.paste(ADDRESS);
  await user.type(screen.getByLabelText(/^Password/), 'correct-horse-battery');
}

describe('the payout wallet form', { timeout: 20_000 }, () => {
  it('asks for the code with 2FA on, and sends it', async () => {
    const { calls, user } = renderWallet(true, {
      'PUT /v1/wallet': () => ({ address: ADDRESS, holdUntil: null }),
    });
    await fillAddressAndPassword(user);
    const code = screen.getByLabelText(/^Code from your authenticator app/);
    await user.click(screen.getByRole('button', { name: 'Set address' }));
    expect(code).toHaveAccessibleDescription(/Enter the 6 digits/);
    expect(calls.some((call) => call.method === 'PUT')).toBe(false);

    await user.type(code, '123456');
    await user.click(screen.getByRole('button', { name: 'Set address' }));
    expect(await screen.findByText('Payout wallet saved')).toBeInTheDocument();
    expect(calls.find((call) => call.method === 'PUT')?.body).toEqual({
      address: ADDRESS,
      password: 'correct-horse-battery',
      code: '123456',
    });
  });

  it('puts a refused code on the code field', async () => {
    const { user } = renderWallet(true, {
      'PUT /v1/wallet': () =>
        apiError(403, 'invalid_code', 'code: the code is not right, or was used already.'),
    });
    await fillAddressAndPassword(user);
    const code = screen.getByLabelText(/^Code from your authenticator app/);
    await user.type(code, '123456');
    await user.click(screen.getByRole('button', { name: 'Set address' }));

    await waitFor(() =>
      expect(code).toHaveAccessibleDescription(/The code is not right, or was used already\.$/),
    );
    expect(screen.queryByText('Could not save the payout wallet')).toBeNull();
  });

  it('asks for no code while 2FA is off', async () => {
    const { calls, user } = renderWallet(false, {
      'PUT /v1/wallet': () => ({ address: ADDRESS, holdUntil: null }),
    });
    await fillAddressAndPassword(user);
    expect(screen.queryByLabelText(/^Code from/)).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Set address' }));

    await screen.findByText('Payout wallet saved');
    expect(calls.find((call) => call.method === 'PUT')?.body).toEqual({
      address: ADDRESS,
      password: 'correct-horse-battery',
    });
  });

  it('explains that an unverified address has to be confirmed first', async () => {
    const { user } = renderWallet(false, {
      'PUT /v1/wallet': () =>
        apiError(
          403,
          'email_unverified',
          'Confirm your email address first (the link we mailed you): payouts need a verified address.',
        ),
    });
    await fillAddressAndPassword(user);
    await user.click(screen.getByRole('button', { name: 'Set address' }));

    expect(await screen.findByText('Confirm your email address first')).toBeInTheDocument();
    expect(screen.getByText(/send it again from the notice at the top/)).toBeInTheDocument();
  });
});
