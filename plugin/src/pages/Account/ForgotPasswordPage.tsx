import React, { useState, type FormEvent } from 'react';
import { Button, Text } from '@grafana/ui';
import { unwrap, type ApiClient } from '../../api/client';
import { useAction } from '../../api/hooks';
import { ApiErrorAlert } from '../../components/ApiErrorAlert/ApiErrorAlert';
import { TextField } from '../../components/TextField/TextField';
import { fieldErrors, focusFirstInvalid } from '../../utils/forms';
import { AccountCard } from './AccountCard';
import { Outcome } from './Outcome';
import { SignInLink } from './SignInLink';

// 202 has no body: resolve to true so that success and failure (undefined) differ.
const requestReset = async (client: ApiClient, email: string) => {
  await unwrap(client.v1.auth['password-reset'].$post({ json: { email } }));
  return true;
};

/** Asks for a password reset link; the answer never tells whether the address has an account. */
export default function ForgotPasswordPage() {
  const [email, setEmail] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const [sent, setSent] = useState(false);
  const { run, pending, error, clearError } = useAction(requestReset);

  const api = fieldErrors(error, ['email'] as const);
  const emailError =
    (submitted && email.trim() === '' ? 'Enter the address you sign in with.' : undefined) ??
    api.fields.email;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    setSubmitted(true);
    if (email.trim() === '') return focusFirstInvalid(form);
    if (await run(email.trim())) setSent(true);
    else focusFirstInvalid(form);
  }

  return (
    <AccountCard title="Forgot your password?" footer={<SignInLink>Back to sign in</SignInLink>}>
      {sent ? (
        <Outcome severity="success" title="If an account uses this address, a link is on its way">
          Open it within 30 minutes to choose a new password. Nothing came? Look in the spam folder,
          or ask again in a few minutes.
        </Outcome>
      ) : (
        <form onSubmit={submit} noValidate aria-label="Ask for a reset link">
          <p>
            <Text color="secondary">
              We mail a link to choose a new password to the address you sign in with.
            </Text>
          </p>
          <TextField
            id="forgot-password-email"
            label="Email"
            type="email"
            autoComplete="email"
            value={email}
            error={emailError}
            onValueChange={(value) => {
              setEmail(value);
              clearError();
            }}
          />
          {api.other && <ApiErrorAlert error={api.other} title="Could not send the link" />}
          <Button
            type="submit"
            fullWidth
            disabled={pending}
            icon={pending ? 'spinner' : 'envelope'}
          >
            Send the link
          </Button>
        </form>
      )}
    </AccountCard>
  );
}
