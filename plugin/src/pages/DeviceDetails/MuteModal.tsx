import React, { useId, useState, type FormEvent } from 'react';
import { Button, Field, Input, Modal, RadioButtonGroup, Stack, Text } from '@grafana/ui';
import { unwrap, type ApiClient } from '../../api/client';
import { useAction } from '../../api/hooks';
import { ApiErrorAlert } from '../../components/ApiErrorAlert/ApiErrorAlert';
import { wallTimeIn } from '../../utils/time-zone';
import { muteEnd, MUTE_CHOICES, type MuteChoice } from './mute';

const muteDevice = (client: ApiClient, id: string, until: string) =>
  unwrap(client.v1.devices[':id'].mute.$post({ param: { id }, json: { until } }));

interface Props {
  deviceId: string;
  deviceName: string;
  timeZone: string;
  onMuted: (mutedUntil: string) => void;
  onDismiss: () => void;
}

/** Mutes a device's alerts for a while (maintenance): a preset, or until a chosen time. */
export function MuteModal({ deviceId, deviceName, timeZone, onMuted, onDismiss }: Props) {
  const customId = useId();
  const [choice, setChoice] = useState<MuteChoice>('1h');
  const [custom, setCustom] = useState('');
  const [problem, setProblem] = useState<string>();
  const { run, pending, error } = useAction(muteDevice);

  function choose(next: MuteChoice) {
    setChoice(next);
    setProblem(undefined);
    // A custom end starts one day ahead, on the account's clock, for the user to adjust.
    if (next === 'custom' && custom === '')
      setCustom(wallTimeIn(Date.now() + 86_400_000, timeZone));
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const end = muteEnd(choice, custom, timeZone, Date.now());
    setProblem(end.problem);
    if (end.problem !== undefined) return;
    const muted = await run(deviceId, end.until);
    if (muted) onMuted(muted.mutedUntil);
  }

  return (
    <Modal title={`Mute alerts for ${deviceName}`} isOpen onDismiss={onDismiss}>
      <form onSubmit={submit} noValidate>
        <Stack direction="column" gap={2}>
          <Text element="p" color="secondary">
            Alerts about this device are not sent to your channels meanwhile; they still show in the
            app. Security alerts always go out.
          </Text>
          <Field label="Mute for" noMargin>
            <RadioButtonGroup options={MUTE_CHOICES} value={choice} onChange={choose} />
          </Field>
          {choice === 'custom' && (
            <Field
              label={`Until (${timeZone})`}
              invalid={problem !== undefined}
              error={problem}
              noMargin
            >
              <Input
                id={customId}
                type="datetime-local"
                width={28}
                value={custom}
                onChange={(event) => setCustom(event.currentTarget.value)}
              />
            </Field>
          )}
          {error && <ApiErrorAlert error={error} title="Could not mute the alerts" />}
        </Stack>
        <Modal.ButtonRow>
          <Button variant="secondary" fill="outline" onClick={onDismiss}>
            Cancel
          </Button>
          <Button type="submit" icon={pending ? 'spinner' : 'bell-slash'} disabled={pending}>
            Mute
          </Button>
        </Modal.ButtonRow>
      </form>
    </Modal>
  );
}
