import React from 'react';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeApi, renderSignedIn, respond } from '../../../test/fake-api';
import { account } from '../../../test/fixtures';
import { testIds } from '../../testIds';
import { VerifyEmailBanner } from './VerifyEmailBanner';

const unverified = () => ({ ...account(), emailVerified: false });

describe('VerifyEmailBanner', { timeout: 20_000 }, () => {
  it('is not there once the address is verified', async () => {
    fakeApi({});
    renderSignedIn(
      <>
        <VerifyEmailBanner />
        <p>page</p>
      </>,
    );
    await screen.findByText('page');
    expect(screen.queryByTestId(testIds.verifyEmailBanner)).toBeNull();
  });

  it('sends the link again', async () => {
    const { callsTo } = fakeApi({
      'GET /v1/me': unverified,
      'POST /v1/auth/verify-email/resend': () => respond(202),
    });
    renderSignedIn(<VerifyEmailBanner />);
    expect(
      await screen.findByText('Confirm your email address: payouts need it'),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Send the link again' }));

    expect(await screen.findByText(/A new link is on its way/)).toBeInTheDocument();
    expect(callsTo('/v1/auth/verify-email/resend')).toHaveLength(1);
  });

  it('shows the limit’s message and when to try again', async () => {
    fakeApi({
      'GET /v1/me': unverified,
      'POST /v1/auth/verify-email/resend': () =>
        new Response(
          JSON.stringify({
            error: {
              code: 'rate_limited',
              message:
                'A verification link was mailed 3 times this hour. Check your mail, or try later.',
            },
          }),
          { status: 429, headers: { 'content-type': 'application/json', 'Retry-After': '1800' } },
        ),
    });
    renderSignedIn(<VerifyEmailBanner />);
    await userEvent.click(await screen.findByRole('button', { name: 'Send the link again' }));

    const status = await screen.findByRole('status');
    await waitFor(() =>
      expect(status).toHaveTextContent(
        'A verification link was mailed 3 times this hour. Check your mail, or try later. Try again in 30 min.',
      ),
    );
    expect(screen.queryByText(/A new link is on its way/)).toBeNull();
  });

  it('goes away when the address was verified meanwhile', async () => {
    let verified = false;
    fakeApi({
      'GET /v1/me': () => (verified ? account() : unverified()),
      'POST /v1/auth/verify-email/resend': () => {
        verified = true;
        return new Response(
          JSON.stringify({
            error: { code: 'already_verified', message: 'The address is verified already.' },
          }),
          { status: 409, headers: { 'content-type': 'application/json' } },
        );
      },
    });
    renderSignedIn(<VerifyEmailBanner />);
    await userEvent.click(await screen.findByRole('button', { name: 'Send the link again' }));

    await waitFor(() => expect(screen.queryByTestId(testIds.verifyEmailBanner)).toBeNull());
  });
});
