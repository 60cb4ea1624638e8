import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { apiError, respond } from '../../../../test/fake-api';
import { bodyOf, renderSettings as renderPage } from '../../../../test/render-settings';
import { testIds } from '../../../testIds';

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const OTPAUTH = `otpauth://totp/IO%20Worker:ada%40example.com?secret=${SECRET}&issuer=IO%20Worker`;
const CODES = Array.from({ length: 10 }, (_, i) => `code-${String(i).padStart(4, '0')}`);

const twoFactorPart = () => screen.findByTestId(testIds.settings.twoFactor);

// The first render pays for @grafana/ui's setup; a loaded CI machine needs more than 5 s.
describe('the Security section', { timeout: 20_000 }, () => {
  it('sets up TOTP: QR code and key, a first code, then the recovery codes once', async () => {
    const { calls, user } = renderPage({
      'GET /v1/me/2fa': () => ({ totp: false, recoveryCodesLeft: 0 }),
      'POST /v1/me/2fa/totp': () => respond(201, { secret: SECRET, otpauthUrl: OTPAUTH }),
      'POST /v1/me/2fa/totp/confirm': () => ({ recoveryCodes: CODES }),
    });
    const part = await twoFactorPart();
    await user.click(
      await within(part).findByRole('button', { name: 'Set up an authenticator app' }),
    );
    // The password first: a stolen session cannot turn two-factor on.
    await user.type(within(part).getByLabelText('Your password'), 'correct-horse-battery');
    await user.click(within(part).getByRole('button', { name: 'Continue' }));
    expect(bodyOf(calls, 'POST /v1/me/2fa/totp')).toEqual({ password: 'correct-horse-battery' });

    expect(
      await within(part).findByRole('img', { name: /^QR code of the key/ }),
    ).toBeInTheDocument();
    expect(within(part).getByTestId(testIds.settings.totpSecret)).toHaveTextContent(
      'JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP',
    );
    await user.type(within(part).getByLabelText('Code from the app'), '654321');
    await user.click(within(part).getByRole('button', { name: 'Turn on' }));

    const codes = await within(part).findByTestId(testIds.settings.recoveryCodes);
    expect(within(codes).getByText('Save these recovery codes now')).toBeInTheDocument();
    expect(
      within(within(codes).getByRole('list', { name: 'Recovery codes' })).getAllByRole('listitem'),
    ).toHaveLength(10);
    expect(within(codes).getByRole('button', { name: 'Copy the codes' })).toBeInTheDocument();
    expect(within(codes).getByRole('button', { name: 'Download' })).toBeInTheDocument();
    expect(bodyOf(calls, 'POST /v1/me/2fa/totp/confirm')).toEqual({ code: '654321' });

    await user.click(within(codes).getByRole('button', { name: 'I have saved them' }));
    expect(within(part).getByText('Recovery codes left: 10')).toBeInTheDocument();
    expect(within(part).queryByText('code-0000')).toBeNull();
  });

  it('shows a wrong first code on its field', async () => {
    const { user } = renderPage({
      'GET /v1/me/2fa': () => ({ totp: false, recoveryCodesLeft: 0 }),
      'POST /v1/me/2fa/totp': () => respond(201, { secret: SECRET, otpauthUrl: OTPAUTH }),
      'POST /v1/me/2fa/totp/confirm': () =>
        apiError(400, 'invalid_code', 'code: not the code your app shows now.'),
    });
    const part = await twoFactorPart();
    await user.click(
      await within(part).findByRole('button', { name: 'Set up an authenticator app' }),
    );
    await user.type(within(part).getByLabelText('Your password'), 'correct-horse-battery');
    await user.click(within(part).getByRole('button', { name: 'Continue' }));
    const code = await within(part).findByLabelText('Code from the app');
    await user.type(code, '000000');
    await user.click(within(part).getByRole('button', { name: 'Turn on' }));

    await waitFor(() =>
      expect(code).toHaveAccessibleDescription('Not the code your app shows now.'),
    );
  });

  it('turns TOTP off with the password and a code', async () => {
    const { calls, user } = renderPage({
      'GET /v1/me/2fa': () => ({ totp: true, recoveryCodesLeft: 2 }),
      'DELETE /v1/me/2fa/totp': () => respond(204),
    });
    const part = await twoFactorPart();
    expect(
      await within(part).findByText('Recovery codes left: 2. Create new ones soon.'),
    ).toBeInTheDocument();
    await user.click(within(part).getByRole('button', { name: 'Turn off' }));
    await user.type(within(part).getByLabelText('Your password'), 'correct-horse-battery');
    await user.type(within(part).getByLabelText(/^Code from your authenticator app/), '123456');
    await user.click(within(part).getByRole('button', { name: 'Turn off' }));

    expect(await within(part).findByText(/Two-factor authentication is off/)).toBeInTheDocument();
    expect(bodyOf(calls, 'DELETE /v1/me/2fa/totp')).toEqual({
      password: 'correct-horse-battery',
      code: '123456',
    });
    expect(
      within(part).getByRole('button', { name: 'Set up an authenticator app' }),
    ).toBeInTheDocument();
  });

  it('makes new recovery codes with the password and a recovery code', async () => {
    const { calls, user } = renderPage({
      'GET /v1/me/2fa': () => ({ totp: true, recoveryCodesLeft: 1 }),
      'POST /v1/me/2fa/recovery-codes': () => ({ recoveryCodes: CODES }),
    });
    const part = await twoFactorPart();
    await user.click(await within(part).findByRole('button', { name: 'New recovery codes' }));
    await user.type(within(part).getByLabelText('Your password'), 'correct-horse-battery');
    await user.click(within(part).getByRole('button', { name: 'Use a recovery code instead' }));
    await user.type(within(part).getByLabelText(/^Recovery code/), 'abcd-efgh');
    await user.click(within(part).getByRole('button', { name: 'Create new codes' }));

    expect(await within(part).findByText('code-0009')).toBeInTheDocument();
    expect(bodyOf(calls, 'POST /v1/me/2fa/recovery-codes')).toEqual({
      password: 'correct-horse-battery',
      recoveryCode: 'abcd-efgh',
    });
  });

  it('shows a wrong code for turning off on the code field', async () => {
    const { user } = renderPage({
      'GET /v1/me/2fa': () => ({ totp: true, recoveryCodesLeft: 10 }),
      'DELETE /v1/me/2fa/totp': () =>
        apiError(403, 'invalid_code', 'code: the code is not right, or was used already.'),
    });
    const part = await twoFactorPart();
    await user.click(await within(part).findByRole('button', { name: 'Turn off' }));
    await user.type(within(part).getByLabelText('Your password'), 'correct-horse-battery');
    const code = within(part).getByLabelText(/^Code from your authenticator app/);
    await user.type(code, '123456');
    await user.click(within(part).getByRole('button', { name: 'Turn off' }));

    await waitFor(() =>
      expect(code).toHaveAccessibleDescription(/The code is not right, or was used already\.$/),
    );
    expect(within(part).getByLabelText('Your password')).toBeValid();
  });

  it('asks for a new address with the password and, with 2FA on, a code', async () => {
    const { calls, user } = renderPage({
      'GET /v1/me/2fa': () => ({ totp: true, recoveryCodesLeft: 10 }),
      'POST /v1/me/email': () => respond(202),
    });
    const part = await screen.findByTestId(testIds.settings.emailChange);
    await user.type(within(part).getByLabelText('New email address'), ' ada@new.example ');
    await user.type(within(part).getByLabelText('Your password'), 'correct-horse-battery');
    await user.type(
      await within(part).findByLabelText(/^Code from your authenticator app/),
      '123456',
    );
    await user.click(within(part).getByRole('button', { name: 'Send a confirmation link' }));

    expect(
      await within(part).findByText(/We mailed a link to ada@new.example/),
    ).toBeInTheDocument();
    expect(bodyOf(calls, 'POST /v1/me/email')).toEqual({
      newEmail: 'ada@new.example',
      password: 'correct-horse-battery',
      code: '123456',
    });
  });

  it('asks for no code for a new address while 2FA is off', async () => {
    const { calls, user } = renderPage({
      'GET /v1/me/2fa': () => ({ totp: false, recoveryCodesLeft: 0 }),
      'POST /v1/me/email': () =>
        apiError(409, 'email_taken', 'newEmail: another account uses this address.'),
    });
    const part = await screen.findByTestId(testIds.settings.emailChange);
    await screen.findByRole('button', { name: 'Set up an authenticator app' });
    expect(within(part).queryByLabelText(/^Code from/)).toBeNull();
    await user.type(within(part).getByLabelText('New email address'), 'taken@example.com');
    await user.type(within(part).getByLabelText('Your password'), 'correct-horse-battery');
    await user.click(within(part).getByRole('button', { name: 'Send a confirmation link' }));

    expect(await within(part).findByText('Could not change the address')).toBeInTheDocument();
    expect(bodyOf(calls, 'POST /v1/me/email')).toEqual({
      newEmail: 'taken@example.com',
      password: 'correct-horse-battery',
    });
  });
});
