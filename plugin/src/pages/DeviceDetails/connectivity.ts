import { formatAgo, formatDateTime } from '../../utils/format';
import type { DeviceDetail, DeviceNotification } from './types';

/**
 * When the device came online: the newest status notification, if it says "online". The API
 * writes one on every transition, so it is the start of the current connection.
 */
export function onlineSince(
  status: DeviceDetail['status'],
  notifications: readonly Pick<DeviceNotification, 'kind' | 'createdAt'>[] | undefined,
): string | undefined {
  if (status !== 'online' || !notifications) return undefined;
  const latest = notifications.find(
    (item) => item.kind === 'device.online' || item.kind === 'device.offline',
  );
  return latest?.kind === 'device.online' ? latest.createdAt : undefined;
}

export interface Connectivity {
  value: string;
  hint: string;
  color: 'success' | 'error' | 'warning';
}

/** The connectivity card's text: state, since when, and how often the device reports. */
export function describeConnectivity(
  device: Pick<DeviceDetail, 'status' | 'lastSeenAt'>,
  options: { since?: string; intervalS?: number; timeZone?: string; now: number },
): Connectivity {
  const every =
    options.intervalS === undefined ? undefined : `reports every ${options.intervalS} s`;
  switch (device.status) {
    case 'online': {
      const since = options.since && `since ${formatDateTime(options.since, options.timeZone)}`;
      return {
        value: 'Online',
        hint: [since, every].filter(Boolean).join(' · ') || 'reporting',
        color: 'success',
      };
    }
    case 'offline':
      return {
        value: 'Offline',
        hint: `since ${formatDateTime(device.lastSeenAt, options.timeZone)} (${formatAgo(device.lastSeenAt, options.now)})`,
        color: 'error',
      };
    case 'pending':
      return {
        value: 'Pending',
        hint: 'no sample yet: is the collector installed?',
        color: 'warning',
      };
  }
}
