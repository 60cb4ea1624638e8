import React, { useState, type FormEvent } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Button, Field, RadioButtonGroup, useStyles2 } from '@grafana/ui';
import { unwrap, type ApiClient } from '../../api/client';
import { useAction } from '../../api/hooks';
import { ApiErrorAlert } from '../../components/ApiErrorAlert/ApiErrorAlert';
import { TextField } from '../../components/TextField/TextField';
import { KIND_LABELS } from '../../utils/channel-kinds';
import {
  newChannel,
  TARGET_FIELDS,
  type ChannelKind,
  type CreatedChannel,
  type NewChannel,
} from './channels';

const createChannel = (client: ApiClient, json: NewChannel) =>
  unwrap(client.v1['notification-channels'].$post({ json }));

const KIND_OPTIONS = (Object.keys(KIND_LABELS) as ChannelKind[]).map((kind) => ({
  value: kind,
  label: KIND_LABELS[kind],
}));

/** Adds an email, Telegram, Discord, Slack or webhook channel. */
export function AddChannelForm({ onCreated }: { onCreated: (channel: CreatedChannel) => void }) {
  const styles = useStyles2(getStyles);
  const [kind, setKind] = useState<ChannelKind>('email');
  const [name, setName] = useState('');
  const [target, setTarget] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const { run, pending, error, clearError } = useAction(createChannel);
  const targetField = kind === 'telegram' ? undefined : TARGET_FIELDS[kind];
  const targetError =
    submitted && targetField && target.trim() === ''
      ? `Enter the ${targetField.label.toLowerCase()}.`
      : undefined;

  function chooseKind(next: ChannelKind) {
    setKind(next);
    setSubmitted(false);
    clearError();
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSubmitted(true);
    if (targetField && target.trim() === '') return;
    const created = await run(newChannel(kind, name, target));
    if (!created) return;
    onCreated(created);
    setName('');
    setTarget('');
    setSubmitted(false);
  }

  return (
    <form onSubmit={submit} noValidate className={styles.form} aria-label="Add a channel">
      <h3 className={styles.title}>Add a channel</h3>
      <Field label="Kind">
        <RadioButtonGroup options={KIND_OPTIONS} value={kind} onChange={chooseKind} />
      </Field>
      <TextField
        id="settings-channel-name"
        label="Name"
        description="Optional; how the channel is listed here."
        error={undefined}
        value={name}
        maxLength={64}
        width={40}
        onValueChange={setName}
      />
      {targetField && (
        <TextField
          id="settings-channel-target"
          label={targetField.label}
          description={targetField.description}
          placeholder={targetField.placeholder}
          type={kind === 'email' ? 'email' : 'url'}
          error={targetError}
          value={target}
          spellCheck={false}
          autoComplete="off"
          onValueChange={setTarget}
        />
      )}
      {error && <ApiErrorAlert error={error} title="Could not add the channel" />}
      <Button type="submit" icon={pending ? 'spinner' : 'plus'} disabled={pending}>
        Add channel
      </Button>
    </form>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  form: css({ marginTop: theme.spacing(3) }),
  title: css({ fontSize: theme.typography.h5.fontSize, marginBottom: theme.spacing(1.5) }),
});
