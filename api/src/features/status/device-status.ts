import type { DeviceStatus } from '@ioworker/contract';
import type { AppDeps } from '../../app-env.js';
import { repeatWithPause } from '../../lib/repeat.js';
import { notify } from '../notifications/notifications.service.js';
import { announceDeviceState } from '../devices/device-state-events.js';
import { MISSED_INTERVALS } from './device-connection.js';
import { markSilentDevicesOffline } from './device-status.queries.js';

type StatusDeps = Pick<AppDeps, 'db' | 'events' | 'config'>;
type Transition = { deviceId: string; accountId: string; name: string; lastSeenAt: Date | null };

/** A status change, live and as an in-app notification on the device. */
async function announceStatus(
  deps: StatusDeps,
  device: Transition,
  status: Exclude<DeviceStatus, 'pending'>,
  firstContact: boolean,
): Promise<void> {
  const lastSeen = device.lastSeenAt?.toISOString() ?? null;
  await deps.events.publish(device.accountId, {
    type: 'device.status',
    data: { deviceId: device.deviceId, status, lastSeenAt: lastSeen },
  });
  await announceDeviceState(deps, device.deviceId);
  const online = status === 'online';
  await notify(deps.db, deps, {
    accountId: device.accountId,
    deviceId: device.deviceId,
    // In-app news of every transition; the offline alert sent out is the evaluator's, after
    // the rule's `forMinutes` (features/alert-evaluation).
    kind: online ? 'device.online' : 'device.offline',
    severity: online ? 'info' : 'warning',
    title: `${device.name} is ${status}`,
    message: online
      ? firstContact
        ? `${device.name} sent its first sample and is connected.`
        : `${device.name} is reporting again.`
      : `${device.name} has sent nothing since ${lastSeen ?? 'enrollment'}.`,
  });
}

/**
 * pending → online and offline → online: a device reported, and `previous` is the status its
 * row had before (read under the row lock by the same statement that stored the report).
 */
export async function deviceReported(
  deps: StatusDeps,
  device: Transition,
  previous: DeviceStatus,
): Promise<void> {
  if (previous === 'online') return;
  await announceStatus(deps, device, 'online', previous === 'pending');
}

/** online → offline: devices silent for MISSED_INTERVALS reporting intervals. */
export async function sweepSilentDevices(deps: StatusDeps): Promise<number> {
  // A write's last-seen time reaches the row up to a flush later (ingest/device-state.ts): the
  // sweep waits twice that, so a reporting device is never marked offline for the delay.
  const graceMs = 2 * deps.config.stateFlushMs;
  const silent = await markSilentDevicesOffline(deps.db, MISSED_INTERVALS, graceMs);
  for (const device of silent) {
    const transition = {
      deviceId: device.id,
      accountId: device.account_id,
      name: device.name,
      lastSeenAt: device.last_seen_at,
    };
    await announceStatus(deps, transition, 'offline', false);
  }
  return silent.length;
}

export function startStatusSweeper(
  deps: Pick<AppDeps, 'db' | 'events' | 'logger' | 'config'>,
  everyMs = 2000,
): () => Promise<void> {
  return repeatWithPause(
    () => sweepSilentDevices(deps),
    everyMs,
    (error) => deps.logger.warn({ err: error.message }, 'status sweep failed'),
  );
}
