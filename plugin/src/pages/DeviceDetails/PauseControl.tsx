import React, { useState } from 'react';
import { Button, ConfirmModal } from '@grafana/ui';
import { unwrap, type ApiClient } from '../../api/client';
import { useAction } from '../../api/hooks';
import { ApiErrorAlert } from '../../components/ApiErrorAlert/ApiErrorAlert';
import { testIds } from '../../testIds';
import type { DeviceDetail } from './types';

type Change = 'pause' | 'resume';

const changePause = (client: ApiClient, id: string, change: Change) =>
  unwrap(client.v1.devices[':id'][change].$post({ param: { id } }));

interface Props {
  device: Pick<DeviceDetail, 'id' | 'name' | 'pausedAt'>;
  /** The device's state and pausedAt as the API answered. */
  onChange: (changed: Pick<DeviceDetail, 'state' | 'pausedAt'>) => void;
}

/**
 * Pause (to game on the rig, for repairs: it takes no new jobs) and resume. Pausing asks
 * first, since the device stops earning; resuming does not.
 */
export function PauseControl({ device, onChange }: Props) {
  const [confirming, setConfirming] = useState(false);
  const action = useAction(changePause);

  async function run(change: Change) {
    setConfirming(false);
    const changed = await action.run(device.id, change);
    if (changed) onChange({ state: changed.state, pausedAt: changed.pausedAt });
  }

  const paused = device.pausedAt !== null;
  return (
    <div data-testid={testIds.device.pause}>
      {paused ? (
        <Button
          size="sm"
          variant="primary"
          icon="play"
          disabled={action.pending}
          onClick={() => void run('resume')}
        >
          Resume
        </Button>
      ) : (
        <Button
          size="sm"
          variant="secondary"
          icon="pause"
          disabled={action.pending}
          onClick={() => setConfirming(true)}
        >
          Pause
        </Button>
      )}
      {action.error && (
        <ApiErrorAlert
          error={action.error}
          title={paused ? 'Could not resume the device' : 'Could not pause the device'}
        />
      )}
      <ConfirmModal
        isOpen={confirming}
        title={`Pause ${device.name}?`}
        body="It takes no new jobs, and earns nothing new, until you resume it. A job running now finishes. It keeps reporting, and its alerts stay on."
        confirmText="Pause"
        onConfirm={() => void run('pause')}
        onDismiss={() => setConfirming(false)}
      />
    </div>
  );
}
