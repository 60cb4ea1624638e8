import { sql } from 'kysely';
import type { AppDeps } from '../../lib/app-env.js';
import { notify } from '../notifications/notifications.service.js';

type Transition = { deviceId: string; accountId: string; name: string; lastSeenAt: Date | null };

/** A status change, live and as a notification on the device. */
export async function announceStatus(
  deps: Pick<AppDeps, 'db' | 'events'>,
  device: Transition,
  status: 'online' | 'offline',
  firstContact: boolean,
): Promise<void> {
  const lastSeen = device.lastSeenAt?.toISOString() ?? null;
  await deps.events.publish(device.accountId, {
    type: 'device.status',
    data: { deviceId: device.deviceId, status, lastSeenAt: lastSeen },
  });
  const online = status === 'online';
  await notify(deps.db, deps.events, {
    accountId: device.accountId,
    deviceId: device.deviceId,
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
 * Turns devices silent for three reporting intervals offline. The UPDATE … RETURNING is
 * atomic, so with several API instances each transition is announced exactly once.
 */
export async function sweepSilentDevices(deps: Pick<AppDeps, 'db' | 'events'>): Promise<number> {
  const silent = await deps.db
    .updateTable('devices')
    .set({ reported_status: 'offline' })
    .where('reported_status', '=', 'online')
    .where('deleted_at', 'is', null)
    .where('last_seen_at', '<', sql<Date>`now() - make_interval(secs => 3 * interval_s)`)
    .returning(['id', 'account_id', 'name', 'last_seen_at'])
    .execute();
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
  deps: Pick<AppDeps, 'db' | 'events' | 'logger'>,
  everyMs = 2000,
) {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = sweepSilentDevices(deps).catch((error: Error) =>
      deps.logger.warn({ err: error.message }, 'status sweep failed'),
    );
  }, everyMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
