import React, { useState, type FormEvent } from 'react';
import type { InferRequestType, InferResponseType } from 'hono/client';
import { Button, Field, RadioButtonGroup, Stack } from '@grafana/ui';
import { unwrap, type ApiClient } from '../../../api/client';
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

type NewToken = InferRequestType<ApiClient['v1']['me']['tokens']['$post']>['json'];
export type CreatedApiToken = InferResponseType<ApiClient['v1']['me']['tokens']['$post'], 201>;
type Scope = NewToken['scope'];

const createToken = (client: ApiClient, json: NewToken) =>
  unwrap(client.v1.me.tokens.$post({ json }));

const SCOPES: Array<{ label: string; value: Scope }> = [
  { label: 'Read only', value: 'read' },
  { label: 'Read and write', value: 'write' },
];
const SCOPE_DESCRIPTIONS: Record<Scope, string> = {
  read: 'Reads your devices, metrics, jobs and earnings; changes nothing.',
  write:
    'Also adds and changes devices and alerts; never the password, email, two-factor, tokens or wallet. It asks for your password.',
};

const NEVER = 0;
const EXPIRIES = [
  { label: '30 days', value: 30 },
  { label: '90 days', value: 90 },
  { label: '1 year', value: 365 },
  { label: 'Never', value: NEVER },
];

interface Props {
  methods: SecondFactorMethods;
  onCreated: (token: CreatedApiToken) => void;
  onCancel: () => void;
}

/** A new personal API token: a name, what it may do and how long; `write` asks for the password. */
export function NewTokenForm({ methods, onCreated, onCancel }: Props) {
  const [name, setName] = useState('');
  const [scope, setScope] = useState<Scope>('read');
  const [expiresInDays, setExpiresInDays] = useState(90);
  const [password, setPassword] = useState('');
  const { factor, setFactor } = useSecondFactor(methods);
  const [submitted, setSubmitted] = useState(false);
  const { run, pending, error, clearError } = useAction(createToken);
  const askSecondFactor = scope === 'write' && isTwoFactorOn(methods);

  const problems = {
    name: name.trim() === '' ? 'Name the token after what will use it.' : undefined,
    password: scope === 'write' && password === '' ? 'Enter your password to confirm.' : undefined,
    secondFactor: askSecondFactor ? secondFactorProblem(factor) : undefined,
  };
  const api = secondFactorFormErrors(error, ['name', 'password'] as const, 'password');
  const shown = {
    name: (submitted ? problems.name : undefined) ?? api.fields.name,
    password: (submitted ? problems.password : undefined) ?? api.fields.password,
    secondFactor: (submitted ? problems.secondFactor : undefined) ?? api.secondFactor,
  };

  function edit(update: () => void) {
    update();
    clearError();
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    setSubmitted(true);
    if (Object.values(problems).some(Boolean)) return focusFirstInvalid(form);
    const fields = {
      name: name.trim(),
      ...(expiresInDays === NEVER ? {} : { expiresInDays }),
    };
    const created = await run(
      scope === 'read'
        ? { ...fields, scope }
        : {
            ...fields,
            scope,
            password,
            ...(askSecondFactor ? secondFactorFields(factor) : {}),
          },
    );
    if (!created) return focusFirstInvalid(form);
    onCreated(created);
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Create an API token">
      <TextField
        id="settings-token-name"
        label="Name"
        description="What will use it, e.g. “grafana-dashboard” or “backup script”."
        autoFocus
        autoComplete="off"
        width={40}
        maxLength={64}
        value={name}
        error={shown.name}
        onValueChange={(value) => edit(() => setName(value))}
      />
      <Field label="Access" description={SCOPE_DESCRIPTIONS[scope]}>
        <RadioButtonGroup
          options={SCOPES}
          value={scope}
          onChange={(value) => edit(() => setScope(value))}
        />
      </Field>
      <Field label="Expires">
        <RadioButtonGroup
          options={EXPIRIES}
          value={expiresInDays}
          onChange={(value) => edit(() => setExpiresInDays(value))}
        />
      </Field>
      {scope === 'write' && (
        <TextField
          id="settings-token-password"
          label="Your password"
          type="password"
          autoComplete="current-password"
          width={40}
          value={password}
          error={shown.password}
          onValueChange={(value) => edit(() => setPassword(value))}
        />
      )}
      {askSecondFactor && (
        <SecondFactorField
          id="settings-token-second-factor"
          factor={factor}
          error={shown.secondFactor}
          methods={methods}
          onChange={(next) => edit(() => setFactor(next))}
        />
      )}
      {api.other && <ApiErrorAlert error={api.other} title="Could not create the token" />}
      <Stack gap={1}>
        <Button type="submit" disabled={pending} icon={pending ? 'spinner' : 'key-skeleton-alt'}>
          Create the token
        </Button>
        <Button type="button" variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
      </Stack>
    </form>
  );
}
