import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { apiError, fakeApi, respond } from '../../../test/fake-api';
import { renderApp, signedOut } from '../../../test/render-app';

const INVALID_TOKEN = () =>
  apiError(
    400,
    'invalid_token',
    'token: this link is not valid any more (used, expired or never sent). Ask for a new one.',
  );

// The first render pays for @grafana/ui's setup; a loaded CI machine needs more than 5 s.
describe('the pages reachable without a session', { timeout: 20_000 }, () => {
  it('asks for a reset link and always gives the same answer', async () => {
    const { calls } = fakeApi({
      'GET /v1/me': signedOut,
      'POST /v1/auth/password-reset': () => respond(202),
    });
    renderApp('/forgot-password');
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Email'), ' nobody@example.com ');
    await user.click(screen.getByRole('button', { name: 'Send the link' }));

    expect(
      await screen.findByText('If an account uses this address, a link is on its way'),
    ).toBeInTheDocument();
    expect(calls.find((call) => call.method === 'POST')?.body).toEqual({
      email: 'nobody@example.com',
    });
    expect(screen.getByRole('link', { name: 'Back to sign in' })).toBeInTheDocument();
  });

  it('links to the reset from the sign-in form', async () => {
    fakeApi({ 'GET /v1/me': signedOut });
    renderApp('/settings');
    expect(await screen.findByRole('link', { name: 'Forgot your password?' })).toHaveAttribute(
      'href',
      '/a/ioworker-worker-app/forgot-password',
    );
  });

  it('refuses mismatched new passwords without asking the API', async () => {
    const { calls } = fakeApi({ 'GET /v1/me': signedOut });
    renderApp('/reset-password?token=reset-1');
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText(/^New password/), 'a-new-password-2');
    await user.type(screen.getByLabelText('Repeat the new password'), 'a-new-password-3');
    await user.click(screen.getByRole('button', { name: 'Change password' }));

    expect(screen.getByLabelText('Repeat the new password')).toHaveAccessibleDescription(
      'The passwords do not match.',
    );
    expect(calls.some((call) => call.method === 'POST')).toBe(false);
  });

  it('sets the new password with the token and says every session ended', async () => {
    const { calls } = fakeApi({
      'GET /v1/me': signedOut,
      'POST /v1/auth/password-reset/confirm': () => respond(204),
    });
    renderApp('/reset-password?token=reset-1');
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText(/^New password/), 'a-new-password-2');
    await user.type(screen.getByLabelText('Repeat the new password'), 'a-new-password-2');
    await user.click(screen.getByRole('button', { name: 'Change password' }));

    expect(await screen.findByText('Password changed; every session ended')).toBeInTheDocument();
    expect(calls.find((call) => call.method === 'POST')?.body).toEqual({
      token: 'reset-1',
      newPassword: 'a-new-password-2',
    });
    expect(screen.getByRole('link', { name: 'Sign in with the new password' })).toHaveAttribute(
      'href',
      '/a/ioworker-worker-app',
    );
  });

  it('offers a new link when the reset link is spent', async () => {
    fakeApi({ 'GET /v1/me': signedOut, 'POST /v1/auth/password-reset/confirm': INVALID_TOKEN });
    renderApp('/reset-password?token=used');
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText(/^New password/), 'a-new-password-2');
    await user.type(screen.getByLabelText('Repeat the new password'), 'a-new-password-2');
    await user.click(screen.getByRole('button', { name: 'Change password' }));

    expect(await screen.findByText('This link does not work any more')).toBeInTheDocument();
    expect(screen.getByText(/^This link is not valid any more/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Ask for a new link' })).toBeInTheDocument();
  });

  it('confirms the address as soon as the verification link opens', async () => {
    const { callsTo } = fakeApi({
      'GET /v1/me': signedOut,
      'POST /v1/auth/verify-email': () => respond(204),
    });
    renderApp('/verify-email?token=verify-1');

    expect(await screen.findByText('Your email address is confirmed')).toBeInTheDocument();
    expect(callsTo('/v1/auth/verify-email').map((call) => call.body)).toEqual([
      { token: 'verify-1' },
    ]);
  });

  it('explains a spent verification link', async () => {
    fakeApi({ 'GET /v1/me': signedOut, 'POST /v1/auth/verify-email': INVALID_TOKEN });
    renderApp('/verify-email?token=old');

    expect(await screen.findByText('Could not confirm the address')).toBeInTheDocument();
    expect(screen.getByText(/send a new link from the notice/)).toBeInTheDocument();
  });

  it('says so when the link lost its token', async () => {
    const { calls } = fakeApi({ 'GET /v1/me': signedOut });
    renderApp('/confirm-email');

    expect(await screen.findByText('This link is incomplete')).toBeInTheDocument();
    expect(calls.some((call) => call.method === 'POST')).toBe(false);
  });

  it('confirms a new address from its link', async () => {
    const { callsTo } = fakeApi({
      'GET /v1/me': signedOut,
      'POST /v1/auth/email-change/confirm': () => respond(204),
    });
    renderApp('/confirm-email?token=change-1');

    expect(await screen.findByText('Your new address is confirmed')).toBeInTheDocument();
    expect(callsTo('/v1/auth/email-change/confirm')[0]?.body).toEqual({ token: 'change-1' });
  });

  it('ends the session of a sign-in alert only on the click', async () => {
    const { callsTo } = fakeApi({
      'GET /v1/me': signedOut,
      'POST /v1/auth/sessions/end': () => respond(204),
    });
    renderApp('/end-session?token=end-1');
    const button = await screen.findByRole('button', { name: 'End that session' });
    // Opening the link (as a mail scanner does) must not end anything.
    expect(callsTo('/v1/auth/sessions/end')).toHaveLength(0);

    await userEvent.click(button);
    expect(await screen.findByText('That session has ended')).toBeInTheDocument();
    expect(callsTo('/v1/auth/sessions/end').map((call) => call.body)).toEqual([{ token: 'end-1' }]);
  });
});
