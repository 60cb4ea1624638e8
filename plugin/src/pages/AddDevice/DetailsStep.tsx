import React, { useState, type FormEvent } from 'react';
import type { InferRequestType } from 'hono/client';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Button, Field, RadioButtonGroup, Text, useStyles2 } from '@grafana/ui';
import { unwrap, type ApiClient } from '../../api/client';
import { useAction } from '../../api/hooks';
import { ApiErrorAlert } from '../../components/ApiErrorAlert/ApiErrorAlert';
import { TextField } from '../../components/TextField/TextField';
import { fieldErrors, focusFirstInvalid } from '../../utils/forms';
import { OS_OPTIONS, type DeviceOs } from '../../utils/device-os';
import { DEVICE_NAME_MAX_LENGTH, deviceNameProblem, type WizardEvent } from './wizard';

type NewDevice = InferRequestType<ApiClient['v1']['devices']['$post']>['json'];
type Created = Extract<WizardEvent, { type: 'created' }>;

const createDevice = (client: ApiClient, json: NewDevice) =>
  unwrap(client.v1.devices.$post({ json }));

/** Step 1: the device's name and operating system; creating it issues the install command. */
export function DetailsStep({
  onCreated,
}: {
  onCreated: (created: Omit<Created, 'type'>) => void;
}) {
  const styles = useStyles2(getStyles);
  const [name, setName] = useState('');
  const [os, setOs] = useState<DeviceOs>('ubuntu');
  const [touched, setTouched] = useState(false);
  const { run, pending, error, clearError } = useAction(createDevice);

  const nameProblem = touched ? deviceNameProblem(name) : undefined;
  const apiErrors = fieldErrors(error, ['name', 'os'] as const);
  const nameError = nameProblem ?? apiErrors.fields.name;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    setTouched(true);
    if (deviceNameProblem(name)) return focusFirstInvalid(form);
    const created = await run({ name: name.trim(), os });
    if (created) onCreated(created);
    else focusFirstInvalid(form);
  }

  return (
    <form
      onSubmit={submit}
      className={styles.form}
      aria-labelledby="add-device-details-heading"
      noValidate
    >
      <h2 id="add-device-details-heading">Name your device</h2>
      <Text color="secondary" element="p">
        Give the machine a name you will recognise in your device list, and pick its operating
        system. The next step gives you a one-line command to run on it.
      </Text>
      <TextField
        id="add-device-name"
        label="Device name"
        description={`For example “rig-01” or “Office 4090”. Up to ${DEVICE_NAME_MAX_LENGTH} characters.`}
        required
        error={nameError}
        value={name}
        autoFocus
        autoComplete="off"
        onValueChange={(value) => {
          setName(value);
          clearError();
        }}
        onBlur={() => name !== '' && setTouched(true)}
      />
      <Field
        label="Operating system"
        invalid={Boolean(apiErrors.fields.os)}
        error={apiErrors.fields.os}
      >
        <RadioButtonGroup options={OS_OPTIONS} value={os} onChange={setOs} />
      </Field>
      {apiErrors.other && (
        <ApiErrorAlert error={apiErrors.other} title="Could not add the device" />
      )}
      <Button type="submit" icon={pending ? 'spinner' : 'arrow-right'} disabled={pending}>
        Continue
      </Button>
    </form>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  form: css({
    maxWidth: 560,
    h2: { marginBottom: theme.spacing(1) },
    p: { marginBottom: theme.spacing(3) },
  }),
});
