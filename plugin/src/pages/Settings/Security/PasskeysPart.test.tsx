import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { respond } from '../../../../test/fake-api';
import {
  ASSERTION_JSON,
  dialogClosed,
  fakeWebAuthn,
  REQUEST_OPTIONS,
} from '../../../../test/fake-webauthn';
import { bodyOf, changes, renderSettings } from '../../../../test/render-settings';
import type { Passkey } from '../../../api/client';
import { testIds } from '../../../testIds';

const CREATION_OPTIONS = {
  rp: { id: 'localhost', name: 'IO Worker' },
  user: { id: 'YWNjb3VudC0x', name: 'ada@example.com', displayName: 'ada@example.com' },
  challenge: 'Y2hhbGxlbmdl',
  pubKeyCredParams: [{ alg: -7, type: 'public-key' }],
  timeout: 300000,
  excludeCredentials: [],
  attestation: 'none',
};

const MACBOOK: Passkey = {
  id: 'pk-1',
  name: 'MacBook',
  createdAt: '2026-11-20T08:00:00.000Z',
  lastUsedAt: null,
};

const passkeysPart = () => screen.findByTestId(testIds.settings.passkeys);
const text = (buffer: unknown) => new TextDecoder().decode(buffer as ArrayBuffer);

// The first render pays for @grafana/ui's setup; a loaded CI machine needs more than 5 s.
describe('passkeys', { timeout: 20_000 }, () => {
  it('adds one: the password and code first, then what the browser created', async () => {
    const webauthn = fakeWebAuthn();
    const { calls, user } = renderSettings({
      'GET /v1/me/2fa': () => ({ totp: true, recoveryCodesLeft: 10 }),
      'POST /v1/me/passkeys/options': () => CREATION_OPTIONS,
      'POST /v1/me/passkeys': () => respond(201, { ...MACBOOK, name: 'Work laptop' }),
    });
    const part = await passkeysPart();
    expect(await within(part).findByText('No passkeys yet.')).toBeInTheDocument();
    await screen.findByText(/Recovery codes left/);
    await user.click(within(part).getByRole('button', { name: 'Add a passkey' }));
    await user.type(within(part).getByLabelText(/^Name/), 'Work laptop');
    await user.type(within(part).getByLabelText('Your password'), 'correct-horse-battery');
    await user.type(within(part).getByLabelText(/^Code from your authenticator app/), '123456');
    await user.click(within(part).getByRole('button', { name: 'Add the passkey' }));

    expect(await within(part).findByText('Passkey added')).toBeInTheDocument();
    expect(changes(calls)).toEqual(['POST /v1/me/passkeys/options', 'POST /v1/me/passkeys']);
    expect(bodyOf(calls, 'POST /v1/me/passkeys/options')).toEqual({
      password: 'correct-horse-battery',
      code: '123456',
    });
    const publicKey = webauthn.create.mock.calls[0]?.[0].publicKey;
    expect(text(publicKey?.challenge)).toBe('challenge');
    expect(text(publicKey?.user.id)).toBe('account-1');
    expect(bodyOf(calls, 'POST /v1/me/passkeys')).toEqual({
      name: 'Work laptop',
      response: expect.objectContaining({
        id: 'cred-1',
        rawId: 'Y3JlZC0x',
        type: 'public-key',
        clientExtensionResults: { credProps: { rk: true } },
        response: expect.objectContaining({
          attestationObject: 'YXR0ZXN0YXRpb24',
          transports: ['internal'],
        }),
      }),
    });
    const list = within(part).getByRole('list', { name: 'Passkeys' });
    expect(list).toHaveTextContent(/Work laptop.*not used yet/);
  });

  it('turns two-factor on with the first one, and says why a closed dialog added nothing', async () => {
    const webauthn = fakeWebAuthn();
    webauthn.create.mockRejectedValueOnce(dialogClosed());
    const { calls, user } = renderSettings({
      'POST /v1/me/passkeys/options': () => CREATION_OPTIONS,
      'POST /v1/me/passkeys': () => respond(201, MACBOOK),
    });
    const part = await passkeysPart();
    await user.click(await within(part).findByRole('button', { name: 'Add a passkey' }));
    expect(within(part).queryByLabelText(/^Code from/)).toBeNull();
    await user.type(within(part).getByLabelText('Your password'), 'correct-horse-battery');
    await user.click(within(part).getByRole('button', { name: 'Add the passkey' }));
    expect(
      await within(part).findByText('No passkey was used: the request was cancelled or timed out.'),
    ).toBeInTheDocument();
    expect(changes(calls)).toEqual(['POST /v1/me/passkeys/options']);

    await user.click(within(part).getByRole('button', { name: 'Add the passkey' }));
    expect(
      await within(part).findByText(/Two-factor authentication is on now/),
    ).toBeInTheDocument();
    expect(bodyOf(calls, 'POST /v1/me/passkeys')).not.toHaveProperty('name');
  });

  it('removes one with the password and the passkey itself as the second factor', async () => {
    const webauthn = fakeWebAuthn();
    const { calls, user } = renderSettings({
      'GET /v1/me/passkeys': () => ({ passkeys: [MACBOOK] }),
      'POST /v1/me/passkeys/assertion-options': () => REQUEST_OPTIONS,
      'DELETE /v1/me/passkeys/:id': () => respond(204),
    });
    const part = await passkeysPart();
    await user.click(await within(part).findByRole('button', { name: 'Remove MacBook' }));
    expect(part).toHaveTextContent(/It is your last second factor/);
    await user.type(within(part).getByLabelText('Your password'), 'correct-horse-battery');
    // An account whose only second factor is a passkey is asked for one, not for a code.
    expect(within(part).queryByLabelText(/^Code from/)).toBeNull();
    await user.click(within(part).getByRole('button', { name: 'Remove the passkey' }));
    expect(await within(part).findByText('Confirm with your passkey first.')).toBeInTheDocument();
    expect(changes(calls)).toEqual([]);

    await user.click(within(part).getByRole('button', { name: 'Confirm with a passkey' }));
    expect(await within(part).findByText(/Confirmed: your passkey signs/)).toBeInTheDocument();
    expect(text(webauthn.get.mock.calls[0]?.[0].publicKey?.challenge)).toBe('challenge');
    await user.click(within(part).getByRole('button', { name: 'Remove the passkey' }));

    expect(await within(part).findByText('Passkey removed')).toBeInTheDocument();
    expect(changes(calls)).toEqual([
      'POST /v1/me/passkeys/assertion-options',
      'DELETE /v1/me/passkeys/pk-1',
    ]);
    expect(bodyOf(calls, 'DELETE /v1/me/passkeys/pk-1')).toEqual({
      password: 'correct-horse-battery',
      assertion: ASSERTION_JSON,
    });
    await waitFor(() => expect(within(part).getByText('No passkeys yet.')).toBeInTheDocument());
  });

  it('explains, instead of the add button, that the browser has no WebAuthn', async () => {
    renderSettings({ 'GET /v1/me/passkeys': () => ({ passkeys: [MACBOOK] }) });
    const part = await passkeysPart();
    expect(
      await within(part).findByText('This browser cannot create passkeys'),
    ).toBeInTheDocument();
    expect(within(part).queryByRole('button', { name: 'Add a passkey' })).toBeNull();
    expect(within(part).getByRole('button', { name: 'Remove MacBook' })).toBeInTheDocument();
  });
});
