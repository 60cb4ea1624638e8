import React, { useState, type FormEvent } from 'react';
import { Button, TextLink } from '@grafana/ui';
import { PASSWORD_MIN_LENGTH } from '@ioworker/contract';
import { unwrap, type ApiClient } from '../../api/client';
import { useAction } from '../../api/hooks';
import { ApiErrorAlert } from '../../components/ApiErrorAlert/ApiErrorAlert';
import { TextField } from '../../components/TextField/TextField';
import { prefixRoute, ROUTES } from '../../constants';
import { fieldErrors, focusFirstInvalid, withoutFieldName } from '../../utils/forms';
import { newPasswordAdvice } from '../../utils/passwords';
import { AccountCard } from './AccountCard';
import { IncompleteLink } from './IncompleteLink';
import { Outcome } from './Outcome';
import { SignInLink } from './SignInLink';
import { useEmailedToken } from './useEmailedToken';

const TITLE = 'Choose a new password';

// 204 has no body: resolve to true so that success and failure (undefined) differ.
const resetPassword = async (client: ApiClient, token: string, newPassword: string) => {
  await unwrap(client.v1.auth['password-reset'].confirm.$post({ json: { token, newPassword } }));
  return true;
};

/** The page a password reset mail links to: `/reset-password?token=…`. */
export default function ResetPasswordPage() {
  const token = useEmailedToken();
  if (!token) return <IncompleteLink title={TITLE} />;
  return <ResetPasswordForm token={token} />;
}

function ResetPasswordForm({ token }: { token: string }) {
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const [done, setDone] = useState(false);
  const { run, pending, error, clearError } = useAction(resetPassword);

  const problems = {
    password: newPasswordAdvice(password),
    confirmation: confirmation === password ? undefined : 'The passwords do not match.',
  };
  const api = fieldErrors(error, ['newPassword'] as const);
  const linkDead = error?.code === 'invalid_token';

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    setSubmitted(true);
    if (problems.password || problems.confirmation) return focusFirstInvalid(form);
    if (await run(token, password)) setDone(true);
    else focusFirstInvalid(form);
  }

  function edit(update: () => void) {
    update();
    clearError();
  }

  if (done) {
    return (
      <AccountCard title={TITLE} footer={<SignInLink>Sign in with the new password</SignInLink>}>
        <Outcome severity="success" title="Password changed; every session ended">
          Every browser and app that was signed in to your account is signed out now.
        </Outcome>
      </AccountCard>
    );
  }
  if (linkDead) {
    return (
      <AccountCard title={TITLE} footer={<SignInLink>Back to sign in</SignInLink>}>
        <Outcome severity="error" title="This link does not work any more">
          {withoutFieldName(error.message)}{' '}
          <TextLink href={prefixRoute(ROUTES.ForgotPassword)} inline>
            Ask for a new link
          </TextLink>
        </Outcome>
      </AccountCard>
    );
  }
  return (
    <AccountCard title={TITLE} footer={<SignInLink>Back to sign in</SignInLink>}>
      <form onSubmit={submit} noValidate aria-label={TITLE}>
        <TextField
          id="reset-password-new"
          label="New password"
          description={`At least ${PASSWORD_MIN_LENGTH} characters.`}
          type="password"
          autoComplete="new-password"
          value={password}
          error={(submitted ? problems.password : undefined) ?? api.fields.newPassword}
          onValueChange={(value) => edit(() => setPassword(value))}
        />
        <TextField
          id="reset-password-confirmation"
          label="Repeat the new password"
          type="password"
          autoComplete="new-password"
          value={confirmation}
          error={submitted ? problems.confirmation : undefined}
          onValueChange={(value) => edit(() => setConfirmation(value))}
        />
        {api.other && <ApiErrorAlert error={api.other} title="Could not change the password" />}
        <Button type="submit" fullWidth disabled={pending} icon={pending ? 'spinner' : 'lock'}>
          Change password
        </Button>
      </form>
    </AccountCard>
  );
}
