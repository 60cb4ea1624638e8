import React, { useState, type FormEvent } from 'react';
import type { InferRequestType } from 'hono/client';
import { Button } from '@grafana/ui';
import { unwrap, type ApiClient } from '../../../api/client';
import { useAction } from '../../../api/hooks';
import { useMe } from '../../../api/SessionContext';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert/ApiErrorAlert';
import { SecondFactorField } from '../../../components/SecondFactorField/SecondFactorField';
import { TextField } from '../../../components/TextField/TextField';
import { useSecondFactor } from '../../../hooks/useSecondFactor';
import { testIds } from '../../../testIds';
import { focusFirstInvalid } from '../../../utils/forms';
import {
  isTwoFactorOn,
  secondFactorFields,
  secondFactorFormErrors,
  secondFactorProblem,
  type SecondFactorMethods,
} from '../../../utils/second-factor';
import { SuccessNotice } from '../SuccessNotice';
import { SecurityPart } from './SecurityPart';

type EmailChange = InferRequestType<ApiClient['v1']['me']['email']['$post']>['json'];

// 202 has no body: resolve to true so that success and failure (undefined) differ.
const requestEmailChange = async (client: ApiClient, json: EmailChange) => {
  await unwrap(client.v1.me.email.$post({ json }));
  return true;
};

const EMPTY = { newEmail: '', password: '' };

/** A new sign-in address: it changes once the new address confirms it from the mail. */
export function EmailChangePart({ methods }: { methods: SecondFactorMethods }) {
  const { email } = useMe();
  const [form, setForm] = useState(EMPTY);
  const { factor, setFactor, clear: clearFactor } = useSecondFactor(methods);
  const twoFactorOn = isTwoFactorOn(methods);
  const [submitted, setSubmitted] = useState(false);
  const [sentTo, setSentTo] = useState<string>();
  const { run, pending, error, clearError } = useAction(requestEmailChange);

  const problems = {
    newEmail: form.newEmail.trim() === '' ? 'Enter the new address.' : undefined,
    password: form.password === '' ? 'Enter your password to confirm.' : undefined,
    secondFactor: twoFactorOn ? secondFactorProblem(factor) : undefined,
  };
  const api = secondFactorFormErrors(error, ['newEmail', 'password'] as const, 'password');
  const shown = {
    newEmail: (submitted ? problems.newEmail : undefined) ?? api.fields.newEmail,
    password: (submitted ? problems.password : undefined) ?? api.fields.password,
    secondFactor: (submitted ? problems.secondFactor : undefined) ?? api.secondFactor,
  };

  function edit(update: () => void) {
    update();
    clearError();
    setSentTo(undefined);
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const element = event.currentTarget;
    setSubmitted(true);
    if (Object.values(problems).some(Boolean)) return focusFirstInvalid(element);
    const newEmail = form.newEmail.trim();
    const json = {
      newEmail,
      password: form.password,
      ...(twoFactorOn ? secondFactorFields(factor) : {}),
    };
    if (!(await run(json))) return focusFirstInvalid(element);
    setForm(EMPTY);
    clearFactor();
    setSubmitted(false);
    setSentTo(newEmail);
  }

  return (
    <SecurityPart
      title="Email address"
      description={`You sign in with ${email}, and alerts and account mail go there.`}
      testId={testIds.settings.emailChange}
    >
      {sentTo && (
        <SuccessNotice title="Check the new address" onRemove={() => setSentTo(undefined)}>
          We mailed a link to {sentTo}; your address changes when you open it (within 24 hours).
          {` ${email} got a notice.`}
        </SuccessNotice>
      )}
      <form onSubmit={submit} noValidate aria-label="Change the email address">
        <TextField
          id="settings-new-email"
          label="New email address"
          type="email"
          autoComplete="email"
          width={40}
          value={form.newEmail}
          error={shown.newEmail}
          onValueChange={(value) =>
            edit(() => setForm((current) => ({ ...current, newEmail: value })))
          }
        />
        <TextField
          id="settings-new-email-password"
          label="Your password"
          type="password"
          autoComplete="current-password"
          width={40}
          value={form.password}
          error={shown.password}
          onValueChange={(value) =>
            edit(() => setForm((current) => ({ ...current, password: value })))
          }
        />
        {twoFactorOn && (
          <SecondFactorField
            id="settings-new-email-second-factor"
            factor={factor}
            error={shown.secondFactor}
            methods={methods}
            onChange={(next) => edit(() => setFactor(next))}
          />
        )}
        {api.other && <ApiErrorAlert error={api.other} title="Could not change the address" />}
        <Button type="submit" disabled={pending} icon={pending ? 'spinner' : 'envelope'}>
          Send a confirmation link
        </Button>
      </form>
    </SecurityPart>
  );
}
