import React, { useState, type FormEvent, type ReactNode } from 'react';
import { Button, Stack } from '@grafana/ui';
import type { ApiClient } from '../../../api/client';
import { useAction } from '../../../api/hooks';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert/ApiErrorAlert';
import { SecondFactorField } from '../../../components/SecondFactorField/SecondFactorField';
import { TextField } from '../../../components/TextField/TextField';
import { useSecondFactor } from '../../../hooks/useSecondFactor';
import { focusFirstInvalid } from '../../../utils/forms';
import {
  isTwoFactorOn,
  secondFactorFields,
  secondFactorFormErrors,
  secondFactorProblem,
  type SecondFactorMethods,
} from '../../../utils/second-factor';

export type PasswordAndCode = { password: string } & Partial<ReturnType<typeof secondFactorFields>>;

interface Props<T> {
  /** Prefixes the inputs' ids. */
  id: string;
  submitLabel: string;
  destructive?: boolean;
  /** The account's second factors: with none, the password is all it asks for. */
  methods: SecondFactorMethods;
  action: (client: ApiClient, json: PasswordAndCode) => Promise<T>;
  /** With the action's result; a failure stays in the form. */
  onDone: (result: T) => void;
  onCancel: () => void;
  children?: ReactNode;
}

/**
 * A change that outlives the session (two-factor itself, passkeys): the password and, with
 * two-factor on, a second factor, as the API asks.
 */
export function PasswordAndCodeForm<T>({ id, submitLabel, destructive, ...props }: Props<T>) {
  const [password, setPassword] = useState('');
  const { factor, setFactor } = useSecondFactor(props.methods);
  const [submitted, setSubmitted] = useState(false);
  const { run, pending, error, clearError } = useAction(props.action);
  const twoFactorOn = isTwoFactorOn(props.methods);

  const api = secondFactorFormErrors(error, ['password'] as const, 'password');
  const passwordError =
    (submitted && password === '' ? 'Enter your password to confirm.' : undefined) ??
    api.fields.password;
  const factorProblem = twoFactorOn ? secondFactorProblem(factor) : undefined;
  const factorError = (submitted ? factorProblem : undefined) ?? api.secondFactor;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    setSubmitted(true);
    if (password === '' || factorProblem) return focusFirstInvalid(form);
    const result = await run({
      password,
      ...(twoFactorOn ? secondFactorFields(factor) : {}),
    });
    if (result === undefined) return focusFirstInvalid(form);
    props.onDone(result);
  }

  return (
    <form onSubmit={submit} noValidate aria-label={submitLabel}>
      {props.children}
      <TextField
        id={`${id}-password`}
        label="Your password"
        type="password"
        autoComplete="current-password"
        autoFocus
        width={40}
        value={password}
        error={passwordError}
        onValueChange={(value) => {
          setPassword(value);
          clearError();
        }}
      />
      {twoFactorOn && (
        <SecondFactorField
          id={`${id}-second-factor`}
          factor={factor}
          error={factorError}
          methods={props.methods}
          onChange={(next) => {
            setFactor(next);
            clearError();
          }}
        />
      )}
      {api.other && (
        <ApiErrorAlert error={api.other} title={`Could not ${submitLabel.toLowerCase()}`} />
      )}
      <Stack gap={1}>
        <Button
          type="submit"
          variant={destructive ? 'destructive' : 'primary'}
          disabled={pending}
          icon={pending ? 'spinner' : undefined}
        >
          {submitLabel}
        </Button>
        <Button type="button" variant="secondary" onClick={props.onCancel}>
          Cancel
        </Button>
      </Stack>
    </form>
  );
}
