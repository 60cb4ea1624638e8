import React, { useState } from 'react';
import { Badge, Button, Stack, Text } from '@grafana/ui';
import { unwrap, type ApiClient } from '../../api/client';
import { useAction, useRequest } from '../../api/hooks';
import { ApiErrorAlert } from '../../components/ApiErrorAlert/ApiErrorAlert';
import { useNow } from '../../hooks/useNow';
import { testIds } from '../../testIds';
import { formatDateTime } from '../../utils/format';
import { MuteModal } from './MuteModal';

// 204 has no body: resolve to true so that success and failure (undefined) differ.
const unmuteDevice = async (client: ApiClient, id: string) => {
  await unwrap(client.v1.devices[':id'].mute.$delete({ param: { id } }));
  return true;
};

interface Props {
  deviceId: string;
  deviceName: string;
  timeZone: string;
}

/** Maintenance: mutes the device's alerts until a time, or says until when they are muted. */
export function MuteControl({ deviceId, deviceName, timeZone }: Props) {
  const now = useNow();
  const [choosing, setChoosing] = useState(false);
  const rules = useRequest(
    (client, signal) =>
      unwrap(
        client.v1.devices[':id']['notification-rules'].$get(
          { param: { id: deviceId } },
          { init: { signal } },
        ),
      ),
    [deviceId],
  );
  const unmute = useAction(unmuteDevice);
  const { setData } = rules;
  const mutedUntil = rules.data?.mutedUntil;
  // A mute ends by itself: the page may stay open past it.
  const muted = mutedUntil && Date.parse(mutedUntil) > now ? mutedUntil : null;

  function setMutedUntil(value: string | null) {
    setData((current) => current && { ...current, mutedUntil: value });
  }

  async function onUnmute() {
    if (await unmute.run(deviceId)) setMutedUntil(null);
  }

  if (rules.error && !rules.data) {
    return (
      <Stack alignItems="center" gap={1}>
        <Text variant="bodySmall" color="error">
          Could not load whether alerts are muted.
        </Text>
        <Button size="sm" variant="secondary" fill="text" icon="sync" onClick={rules.reload}>
          Try again
        </Button>
      </Stack>
    );
  }
  if (!rules.data) return null;
  return (
    <div data-testid={testIds.device.mute}>
      <Stack alignItems="center" gap={1} wrap="wrap">
        {muted ? (
          <>
            <Badge
              color="orange"
              icon="bell-slash"
              text={`Alerts muted until ${formatDateTime(muted, timeZone)}`}
            />
            <Button
              size="sm"
              variant="secondary"
              icon="bell"
              disabled={unmute.pending}
              onClick={() => void onUnmute()}
            >
              Unmute
            </Button>
          </>
        ) : (
          <Button size="sm" variant="secondary" icon="bell-slash" onClick={() => setChoosing(true)}>
            Mute alerts
          </Button>
        )}
      </Stack>
      {unmute.error && <ApiErrorAlert error={unmute.error} title="Could not unmute the alerts" />}
      {choosing && (
        <MuteModal
          deviceId={deviceId}
          deviceName={deviceName}
          timeZone={timeZone}
          onMuted={(until) => {
            setMutedUntil(until);
            setChoosing(false);
          }}
          onDismiss={() => setChoosing(false)}
        />
      )}
    </div>
  );
}
