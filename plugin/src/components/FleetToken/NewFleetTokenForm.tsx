import React, { useState, type FormEvent } from 'react';
import { Button, Field, RadioButtonGroup, Stack } from '@grafana/ui';
import { useAction } from '../../api/hooks';
import { ApiErrorAlert } from '../ApiErrorAlert/ApiErrorAlert';
import { TextField } from '../TextField/TextField';
import { fieldErrors, focusFirstInvalid } from '../../utils/forms';
import { createFleetToken, maxDevicesProblem, type CreatedFleetToken } from './fleet-token';

const EXPIRIES = [
  { label: '1 day', value: 1 },
  { label: '7 days', value: 7 },
  { label: '30 days', value: 30 },
  { label: '1 year', value: 365 },
];

interface Props {
  /** Names the form and its inputs' ids: the page may show another form of its own. */
  idPrefix: string;
  onCreated: (token: CreatedFleetToken) => void;
  onCancel?: () => void;
}

/** A new fleet token: a name, how many machines may enrol with it, and for how long. */
export function NewFleetTokenForm({ idPrefix, onCreated, onCancel }: Props) {
  const [name, setName] = useState('');
  const [maxDevices, setMaxDevices] = useState('10');
  const [expiresInDays, setExpiresInDays] = useState(7);
  const [submitted, setSubmitted] = useState(false);
  const { run, pending, error, clearError } = useAction(createFleetToken);

  const problems = {
    name: name.trim() === '' ? 'Name the token after the machines, e.g. “k8s-eu”.' : undefined,
    maxDevices: maxDevicesProblem(maxDevices),
  };
  const api = fieldErrors(error, ['name', 'maxDevices', 'expiresInDays'] as const);
  const shown = {
    name: (submitted ? problems.name : undefined) ?? api.fields.name,
    maxDevices: (submitted ? problems.maxDevices : undefined) ?? api.fields.maxDevices,
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
    const created = await run({
      name: name.trim(),
      maxDevices: Number(maxDevices),
      expiresInDays,
    });
    if (!created) return focusFirstInvalid(form);
    onCreated(created);
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Create a fleet token">
      <TextField
        id={`${idPrefix}-name`}
        label="Name"
        description="Which machines it is for, e.g. “k8s-eu” or “rack 3”."
        autoComplete="off"
        width={40}
        maxLength={64}
        value={name}
        error={shown.name}
        onValueChange={(value) => edit(() => setName(value))}
      />
      <TextField
        id={`${idPrefix}-max-devices`}
        label="Machines"
        description="How many machines may enrol with it; each machine is one device."
        type="number"
        inputMode="numeric"
        min={1}
        width={16}
        value={maxDevices}
        error={shown.maxDevices}
        onValueChange={(value) => edit(() => setMaxDevices(value))}
      />
      <Field
        label="Expires"
        description="Machines enrolled by then keep working; it only stops new ones."
      >
        <RadioButtonGroup
          options={EXPIRIES}
          value={expiresInDays}
          onChange={(value) => edit(() => setExpiresInDays(value))}
        />
      </Field>
      {api.other && <ApiErrorAlert error={api.other} title="Could not create the fleet token" />}
      <Stack gap={1}>
        <Button type="submit" disabled={pending} icon={pending ? 'spinner' : 'key-skeleton-alt'}>
          Create the fleet token
        </Button>
        {onCancel && (
          <Button type="button" variant="secondary" onClick={onCancel}>
            Cancel
          </Button>
        )}
      </Stack>
    </form>
  );
}
