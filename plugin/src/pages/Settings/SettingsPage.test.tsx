import React from 'react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { apiError, fakeApi, renderSignedIn, respond, type ApiRoutes } from '../../../test/fake-api';
import { account } from '../../../test/fixtures';
import { testIds } from '../../testIds';
import SettingsPage from './SettingsPage';

const ADDRESS = 'DRpbCBMxVnDK7maPM5tGv6MvB3v1sRMC86PZ8okm21hy';
const sessions = [
  {
    id: 'ses-current',
    createdAt: '2026-11-25T10:00:00.000Z',
    lastUsedAt: '2026-11-25T12:00:00.000Z',
    expiresAt: '2026-12-25T10:00:00.000Z',
    ip: '198.51.100.7',
    userAgent:
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
    current: true,
  },
  {
    id: 'ses-other',
    createdAt: '2026-11-20T10:00:00.000Z',
    lastUsedAt: '2026-11-21T10:00:00.000Z',
    expiresAt: '2026-12-20T10:00:00.000Z',
    ip: '203.0.113.9',
    userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0',
    current: false,
  },
];

function renderPage(routes: ApiRoutes = {}) {
  const { calls } = fakeApi({
    'GET /v1/wallet': () => ({ address: null, holdUntil: null }),
    'GET /v1/me/sessions': () => ({ sessions, nextCursor: null }),
    'GET /v1/notification-channels': () => ({ channels: [] }),
    'GET /v1/notification-rules': () => ({ rules: [], quietHours: null }),
    'GET /v1/notifications': () => ({ notifications: [], nextCursor: null }),
    ...routes,
  });
  renderSignedIn(<SettingsPage />);
  return calls;
}

// The first render pays for @grafana/ui's setup; a loaded CI machine needs more than 5 s.
describe('SettingsPage', { timeout: 20_000 }, () => {
  it('shows a wrong password for the wallet on the password field, not the address', async () => {
    const calls = renderPage({
      'PUT /v1/wallet': () =>
        apiError(403, 'invalid_password', 'password: the password is not correct.'),
    });
    const user = userEvent.setup();
    const address = await screen.findByLabelText(/^Solana address/);
    const password = screen.getByLabelText(/^Password/, { selector: 'input' });
    await user.click(address);
    await user.paste(` ${ADDRESS} `);
    await user.type(password, 'wrong-password');
    await user.click(screen.getByRole('button', { name: 'Set address' }));

    await waitFor(() =>
      expect(password).toHaveAccessibleDescription('The password is not correct.'),
    );
    expect(password).toBeInvalid();
    expect(address).toBeValid();
    expect(screen.queryByText('Could not save the payout wallet')).not.toBeInTheDocument();
    expect(calls.find((call) => call.method === 'PUT')?.body).toEqual({
      address: ADDRESS,
      password: 'wrong-password',
    });
  });

  it('shows a bad address on the address field with the API’s reason', async () => {
    renderPage({
      'PUT /v1/wallet': () =>
        apiError(
          400,
          'invalid_address',
          'address: decodes to 31 bytes; a Solana address is 32 bytes',
        ),
    });
    const user = userEvent.setup();
    const address = await screen.findByLabelText(/^Solana address/);
    await user.type(address, 'abc');
    await user.type(screen.getByLabelText(/^Password/, { selector: 'input' }), 'a-long-password-1');
    await user.click(screen.getByRole('button', { name: 'Set address' }));

    await waitFor(() =>
      expect(address).toHaveAccessibleDescription(
        'This decodes to 31 bytes; a Solana address is 32 bytes.',
      ),
    );
    expect(screen.getByLabelText(/^Password/, { selector: 'input' })).toBeValid();
  });

  it('shows the hold of a newly set address', async () => {
    renderPage({
      'PUT /v1/wallet': () => ({ address: ADDRESS, holdUntil: '2099-01-02T03:04:00.000Z' }),
    });
    const user = userEvent.setup();
    await user.click(await screen.findByLabelText(/^Solana address/));
    await user.paste(ADDRESS);
    await user.type(screen.getByLabelText(/^Password/, { selector: 'input' }), 'a-long-password-1');
    await user.click(screen.getByRole('button', { name: 'Set address' }));

    expect(
      await screen.findByText('Payouts to this address start after 2 Jan 2099, 03:04.'),
    ).toBeInTheDocument();
    expect(screen.getByTestId(testIds.settings.walletAddress)).toHaveTextContent(ADDRESS);
    expect(screen.getByText('On hold')).toBeInTheDocument();
    expect(screen.getByText(/^Until 2 Jan 2099, 03:04;/)).toBeInTheDocument();
  });

  it('shows a wrong current password on that field when changing the password', async () => {
    const calls = renderPage({
      'POST /v1/me/password': () =>
        apiError(403, 'invalid_password', 'currentPassword: the password is not correct.'),
    });
    const user = userEvent.setup();
    const current = await screen.findByLabelText('Current password');
    await user.type(current, 'not-my-password');
    await user.type(screen.getByLabelText(/^New password/), 'a-new-password-2');
    await user.type(screen.getByLabelText('Repeat the new password'), 'a-new-password-2');
    await user.click(screen.getByRole('button', { name: 'Change password' }));

    await waitFor(() =>
      expect(current).toHaveAccessibleDescription('The password is not correct.'),
    );
    expect(screen.getByLabelText(/^New password/)).toBeValid();
    expect(calls.find((call) => call.path === '/v1/me/password')?.body).toEqual({
      currentPassword: 'not-my-password',
      newPassword: 'a-new-password-2',
    });
  });

  it.each([
    ['too short', 'short-pw', 'short-pw', /^New password/, 'Use at least 10 characters.'],
    [
      'mismatched',
      'a-new-password-2',
      'a-new-password-3',
      /^Repeat the new password/,
      'The passwords do not match.',
    ],
  ])(
    'refuses a %s new password without asking the API',
    async (_name, next, confirmation, field, message) => {
      const calls = renderPage();
      const user = userEvent.setup();
      await user.type(await screen.findByLabelText('Current password'), 'a-long-password-1');
      await user.type(screen.getByLabelText(/^New password/), next);
      await user.type(screen.getByLabelText('Repeat the new password'), confirmation);
      await user.click(screen.getByRole('button', { name: 'Change password' }));

      expect(screen.getByLabelText(field)).toHaveAccessibleDescription(message);
      expect(calls.some((call) => call.path === '/v1/me/password')).toBe(false);
    },
  );

  it('reports a changed password and reloads the sessions', async () => {
    let sessionLoads = 0;
    renderPage({
      'POST /v1/me/password': () => respond(204),
      'GET /v1/me/sessions': () => {
        sessionLoads += 1;
        return { sessions, nextCursor: null };
      },
    });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Current password'), 'a-long-password-1');
    await user.type(screen.getByLabelText(/^New password/), 'a-new-password-2');
    await user.type(screen.getByLabelText('Repeat the new password'), 'a-new-password-2');
    await user.click(screen.getByRole('button', { name: 'Change password' }));

    expect(await screen.findByText('Password changed')).toBeInTheDocument();
    await waitFor(() => expect(sessionLoads).toBe(2));
    expect(screen.getByLabelText('Current password')).toHaveValue('');
  });

  it('saves only the changed preferences and reads a decimal comma', async () => {
    const calls = renderPage({
      'PATCH /v1/me/settings': () => account({ electricityPrice: '0.25' }),
    });
    const user = userEvent.setup();
    const price = await screen.findByLabelText(/^Electricity price/);
    const save = screen.getByRole('button', { name: 'Save preferences' });
    expect(save).toBeDisabled();
    await user.clear(price);
    await user.type(price, '0,25');
    await user.click(save);

    expect(await screen.findByText('Saved.')).toBeInTheDocument();
    expect(calls.find((call) => call.method === 'PATCH')?.body).toEqual({
      electricityPrice: '0.25',
    });
    expect(price).toHaveValue('0.25');
  });

  it('refuses a malformed price inline', async () => {
    const calls = renderPage();
    const user = userEvent.setup();
    const price = await screen.findByLabelText(/^Electricity price/);
    await user.clear(price);
    await user.type(price, '-1');
    await user.click(screen.getByRole('button', { name: 'Save preferences' }));

    expect(price).toHaveAccessibleDescription(/^Enter a number like 0.25/);
    expect(calls.some((call) => call.method === 'PATCH')).toBe(false);
  });

  it('lists sessions and revokes another one after confirmation', async () => {
    const calls = renderPage({ 'DELETE /v1/me/sessions/:id': () => respond(204) });
    const user = userEvent.setup();
    const list = await screen.findByRole('list', { name: 'Sessions' });
    const current = within(list).getByText('Chrome on Linux').closest('li') as HTMLElement;
    const other = within(list).getByText('Firefox on Windows').closest('li') as HTMLElement;
    expect(current).toHaveTextContent('This session');
    expect(within(current).queryByRole('button')).not.toBeInTheDocument();
    expect(other).not.toHaveTextContent('This session');

    await user.click(within(other).getByRole('button', { name: /^Revoke/ }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Revoke' }));

    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(1));
    expect(calls.find((call) => call.method === 'DELETE')?.path).toBe('/v1/me/sessions/ses-other');
  });
});
