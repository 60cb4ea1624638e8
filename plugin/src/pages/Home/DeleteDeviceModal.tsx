import React from 'react';
import { ConfirmModal, Stack, Text } from '@grafana/ui';
import type { Device } from '../../api/client';
import type { ApiRequestError } from '../../api/errors';
import { ApiErrorAlert } from '../../components/ApiErrorAlert/ApiErrorAlert';

interface Props {
  /** The device to delete; the modal is closed when undefined. */
  device: Device | undefined;
  error: ApiRequestError | undefined;
  onConfirm: (device: Device) => Promise<void>;
  onDismiss: () => void;
}

/** Asks before deleting, and says what deleting does to the node. */
export function DeleteDeviceModal({ device, error, onConfirm, onDismiss }: Props) {
  return (
    <ConfirmModal
      isOpen={device !== undefined}
      title={device ? `Delete ${device.name}?` : 'Delete device?'}
      body={
        <Stack direction="column" gap={1}>
          {error && <ApiErrorAlert error={error} title="Could not delete the device" />}
          <Text element="p">
            Its credential stops working at once: the collector on the node can no longer send
            metrics, and the device leaves this list and the overview.
          </Text>
          <Text element="p" color="secondary">
            Its jobs and earnings stay in your history. To bring the machine back, add it again as a
            new device.
          </Text>
        </Stack>
      }
      confirmText="Delete device"
      confirmVariant="destructive"
      onConfirm={() => (device ? onConfirm(device) : undefined)}
      onDismiss={onDismiss}
    />
  );
}
