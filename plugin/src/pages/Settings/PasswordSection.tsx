import React, { useState, type FormEvent } from 'react';
import type { InferRequestType } from 'hono/client';
import { Button } from '@grafana/ui';
import { unwrap, type ApiClient } from '../../api/client';
import { useMe } from '../../api/SessionContext';
import { useAction } from '../../api/hooks';
import { ApiErrorAlert } from '../../components/ApiErrorAlert/ApiErrorAlert';
import { Section } from '../../components/Section/Section';
import { TextField } from '../../components/TextField/TextField';
import { PASSWORD_MIN_LENGTH } from '@ioworker/contract';
import { testIds } from '../../testIds';
import { fieldErrors, focusFirstInvalid } from '../../utils/forms';
import { SuccessNotice } from './SuccessNotice';
import {
  passwordChangeProblems,
  type PasswordChange,
  type PasswordChangeProblems,
} from './validation';

type PasswordBody = InferRequestType<ApiClient['v1']['me']['password']['$post']>['json'];

// 204 has no body: resolve to true so that success and failure (undefined) differ.
const changePassword = async (client: ApiClient, json: PasswordBody) => {
  await unwrap(client.v1.me.password.$post({ json }));
  return true;
};

const EMPTY: PasswordChange = { currentPassword: '', newPassword: '', confirmation: '' };

/** Change the password; the API signs every other session out. */
export function PasswordSection({ onChanged }: { onChanged: () => void }) {
  const [form, setForm] = useState<PasswordChange>(EMPTY);
  // Fields are checked once the user has left them, or on submit.
  const [checked, setChecked] = useState<Partial<Record<keyof PasswordChange, boolean>>>({});
  const [done, setDone] = useState(false);
  const { run, pending, error, clearError } = useAction(changePassword);

  const { email } = useMe();
  const problems = passwordChangeProblems(form, email);
  const api = fieldErrors(error, ['currentPassword', 'newPassword'] as const, 'currentPassword');
  const shown: PasswordChangeProblems = {
    currentPassword:
      (checked.currentPassword && problems.currentPassword) || api.fields.currentPassword,
    newPassword: (checked.newPassword && problems.newPassword) || api.fields.newPassword,
    // A mismatch only means something once the user has typed the confirmation.
    confirmation: checked.confirmation ? problems.confirmation : undefined,
  };

  function edit(field: keyof PasswordChange, value: string) {
    setForm((current) => ({ ...current, [field]: value }));
    setDone(false);
    clearError();
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const element = event.currentTarget;
    setChecked({ currentPassword: true, newPassword: true, confirmation: true });
    if (Object.keys(problems).length > 0) return focusFirstInvalid(element);
    const changed = await run({
      currentPassword: form.currentPassword,
      newPassword: form.newPassword,
    });
    if (!changed) return focusFirstInvalid(element);
    setForm(EMPTY);
    setChecked({});
    setDone(true);
    onChanged();
  }

  const fieldProps = (name: keyof PasswordChange) => ({
    id: `settings-${name}`,
    type: 'password',
    width: 40,
    value: form[name],
    error: shown[name],
    onValueChange: (value: string) => edit(name, value),
    onBlur: () => form[name] !== '' && setChecked((current) => ({ ...current, [name]: true })),
  });

  return (
    <Section
      variant="card"
      testId={testIds.settings.password}
      title="Change password"
      description="Changing it signs you out everywhere else."
    >
      {done && (
        <SuccessNotice title="Password changed" onRemove={() => setDone(false)}>
          Every other session of your account was signed out; this one stays signed in.
        </SuccessNotice>
      )}
      <form onSubmit={submit} noValidate>
        <TextField
          {...fieldProps('currentPassword')}
          label="Current password"
          autoComplete="current-password"
        />
        <TextField
          {...fieldProps('newPassword')}
          label="New password"
          autoComplete="new-password"
          description={`At least ${PASSWORD_MIN_LENGTH} characters.`}
        />
        <TextField
          {...fieldProps('confirmation')}
          label="Repeat the new password"
          autoComplete="new-password"
        />
        {api.other && <ApiErrorAlert error={api.other} title="Could not change the password" />}
        <Button type="submit" disabled={pending} icon={pending ? 'spinner' : 'lock'}>
          Change password
        </Button>
      </form>
    </Section>
  );
}
