import React from 'react';
import { unwrap, type ApiClient } from '../../api/client';
import { EmailLinkPage } from './EmailLinkPage';

const confirmEmailChange = (client: ApiClient, token: string) =>
  unwrap(client.v1.auth['email-change'].confirm.$post({ json: { token } }));

/** The page the mail to a new address links to: `/confirm-email?token=…`. */
export default function ConfirmEmailPage() {
  return (
    <EmailLinkPage
      title="Confirm your new email address"
      post={confirmEmailChange}
      pendingText="Confirming your new address…"
      successTitle="Your new address is confirmed"
      successText="Sign in with it from now on; your old address got a notice."
      failureTitle="Could not change the address"
      failureHint="Sign in and ask for the change again in Settings."
    />
  );
}
