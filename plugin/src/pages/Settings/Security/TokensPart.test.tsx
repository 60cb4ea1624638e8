import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { apiError, respond } from '../../../../test/fake-api';
import { bodyOf, renderSettings } from '../../../../test/render-settings';
import type { PersonalToken } from '../../../api/client';
import { testIds } from '../../../testIds';

const SECRET = 'iowp_0123456789abcdefghijklmnopqrstuvwxyz';

function token(overrides: Partial<PersonalToken> = {}): PersonalToken {
  return {
    id: 'tok-1',
    name: 'grafana-dashboard',
    scope: 'read',
    preview: 'iowp_…k3q7',
    createdAt: '2026-11-20T08:00:00.000Z',
    expiresAt: null,
    lastUsedAt: null,
    ...overrides,
  };
}

const tokensPart = () => screen.findByTestId(testIds.settings.apiTokens);

// The first render pays for @grafana/ui's setup; a loaded CI machine needs more than 5 s.
describe('API tokens', { timeout: 20_000 }, () => {
  it('lists each token with its scope, last characters and dates', async () => {
    renderSettings({
      'GET /v1/me/tokens': () => ({
        tokens: [
          token({
            name: 'backup',
            scope: 'write',
            expiresAt: '2027-02-18T08:00:00.000Z',
            lastUsedAt: new Date().toISOString(),
          }),
          token({ id: 'tok-2' }),
        ],
      }),
    });
    const list = within(await tokensPart()).getByRole('list', { name: 'API tokens' });
    const [backup, dashboard] = within(list).getAllByRole('listitem');
    expect(backup).toHaveTextContent(/backupRead and writeiowp_…k3q7/);
    expect(backup).toHaveTextContent('Created 20 Nov 2026, 08:00 · expires 18 Feb 2027, 08:00');
    expect(backup).toHaveTextContent(/last used \d+ s ago/);
    expect(dashboard).toHaveTextContent('grafana-dashboardRead only');
    expect(dashboard).toHaveTextContent('never expires · not used yet');
  });

  it('creates a read token without the password, and shows its secret once', async () => {
    const { calls, user } = renderSettings({
      'POST /v1/me/tokens': () => respond(201, { ...token({ name: 'ci' }), token: SECRET }),
    });
    const part = await tokensPart();
    await user.click(await within(part).findByRole('button', { name: 'Create a token' }));
    expect(within(part).queryByLabelText('Your password')).toBeNull();
    await user.type(within(part).getByLabelText(/^Name/), ' ci ');
    await user.click(within(part).getByRole('radio', { name: '30 days' }));
    await user.click(within(part).getByRole('button', { name: 'Create the token' }));

    const shown = await within(part).findByTestId(testIds.settings.createdToken);
    expect(within(shown).getByText('Copy the token now')).toBeInTheDocument();
    expect(shown).toHaveTextContent(/You will not see it again/);
    expect(within(shown).getByText(SECRET)).toBeInTheDocument();
    expect(within(shown).getByRole('button', { name: 'Copy the token' })).toBeInTheDocument();
    expect(shown).toHaveFocus();
    expect(bodyOf(calls, 'POST /v1/me/tokens')).toEqual({
      name: 'ci',
      scope: 'read',
      expiresInDays: 30,
    });

    await user.click(within(shown).getByRole('button', { name: 'I have copied it' }));
    expect(within(part).queryByText(SECRET)).toBeNull();
    expect(within(part).getByRole('list', { name: 'API tokens' })).toHaveTextContent('ci');
  });

  it('asks a write token for the password and, with 2FA on, a code', async () => {
    const { calls, user } = renderSettings({
      'GET /v1/me/2fa': () => ({ totp: true, recoveryCodesLeft: 10 }),
      'POST /v1/me/tokens': ({ body }) =>
        (body as { password?: string }).password === 'correct-horse-battery'
          ? respond(201, { ...token({ scope: 'write' }), token: SECRET })
          : apiError(403, 'invalid_password', 'The password is not correct.'),
    });
    const part = await tokensPart();
    await screen.findByText(/Recovery codes left/);
    await user.click(within(part).getByRole('button', { name: 'Create a token' }));
    await user.type(within(part).getByLabelText(/^Name/), 'grafana-dashboard');
    await user.click(within(part).getByRole('radio', { name: 'Read and write' }));
    await user.click(within(part).getByRole('radio', { name: 'Never' }));
    const password = within(part).getByLabelText('Your password');
    await user.type(password, 'wrong-password');
    await user.type(within(part).getByLabelText(/^Code from your authenticator app/), '123456');
    await user.click(within(part).getByRole('button', { name: 'Create the token' }));
    await waitFor(() =>
      expect(password).toHaveAccessibleDescription('The password is not correct.'),
    );

    await user.clear(password);
    await user.type(password, 'correct-horse-battery');
    await user.click(within(part).getByRole('button', { name: 'Create the token' }));
    expect(await within(part).findByText(SECRET)).toBeInTheDocument();
    expect(calls.filter((call) => call.method === 'POST').map((call) => call.body)).toEqual([
      {
        name: 'grafana-dashboard',
        scope: 'write',
        password: 'wrong-password',
        code: '123456',
      },
      {
        name: 'grafana-dashboard',
        scope: 'write',
        password: 'correct-horse-battery',
        code: '123456',
      },
    ]);
  });

  it('revokes a token after confirmation', async () => {
    const { callsTo, user } = renderSettings({
      'GET /v1/me/tokens': () => ({ tokens: [token()] }),
      'DELETE /v1/me/tokens/:id': () => respond(204),
    });
    const part = await tokensPart();
    await user.click(await within(part).findByRole('button', { name: 'Revoke grafana-dashboard' }));
    const dialog = screen.getByRole('dialog');
    expect(dialog).toHaveTextContent(/“grafana-dashboard” \(iowp_…k3q7\) stop working at once/);
    expect(callsTo('/v1/me/tokens/tok-1')).toHaveLength(0);
    await user.click(within(dialog).getByRole('button', { name: 'Revoke' }));

    expect(await within(part).findByText('Token revoked')).toBeInTheDocument();
    expect(callsTo('/v1/me/tokens/tok-1').map((call) => call.method)).toEqual(['DELETE']);
    expect(within(part).queryByRole('list', { name: 'API tokens' })).toBeNull();
    expect(within(part).getByText('No API tokens yet.')).toBeInTheDocument();
  });
});
