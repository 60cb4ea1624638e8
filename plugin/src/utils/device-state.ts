import type { BadgeColor } from '@grafana/ui';
import type { Device } from '../api/client';

export type DeviceState = NonNullable<Device['state']>;

/** How each state reads, on the list and the device page. */
export const DEVICE_STATES: Record<
  DeviceState,
  { text: string; color: BadgeColor; title: string }
> = {
  paused: {
    text: 'Paused',
    color: 'orange',
    title: 'Paused by you: it takes no new jobs until you resume it.',
  },
  maintenance: {
    text: 'Maintenance',
    color: 'purple',
    title: 'Alerts muted for maintenance.',
  },
  busy: { text: 'Busy', color: 'blue', title: 'Running a job for the network.' },
  idle: { text: 'Idle', color: 'darkgrey', title: 'Online, without a job.' },
  inactive: {
    text: 'Inactive',
    color: 'darkgrey',
    title: 'Offline for more than 5 days.',
  },
};

/**
 * The state once a device's connection or job changed (live events): its owner's pause and
 * the maintenance mute outrank both; the API sends `device.state` when those change.
 */
export function stateAfter(
  device: Pick<Device, 'state'>,
  status: Device['status'],
  activity: Device['activity'],
): Device['state'] {
  if (device.state === 'paused' || device.state === 'maintenance') return device.state;
  if (status === 'online') return activity;
  return device.state === 'inactive' ? 'inactive' : null;
}
