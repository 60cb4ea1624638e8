import React from 'react';
import { unwrap, type ApiClient } from '../../api/client';
import { EmailLinkPage } from './EmailLinkPage';

const verifyEmail = (client: ApiClient, token: string) =>
  unwrap(client.v1.auth['verify-email'].$post({ json: { token } }));

/** The page the verification mail links to: `/verify-email?token=…`. */
export default function VerifyEmailPage() {
  return (
    <EmailLinkPage
      title="Confirm your email address"
      post={verifyEmail}
      pendingText="Confirming your email address…"
      successTitle="Your email address is confirmed"
      successText="Payouts can go to your wallet now."
      failureTitle="Could not confirm the address"
      failureHint="Sign in and send a new link from the notice at the top of the page."
    />
  );
}
