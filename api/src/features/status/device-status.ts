import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { AppDeps } from '../../lib/app-env.js';
import { notify } from '../notifications/notifications.service.js';

type Transition = { id: string; account_id: string; name: string; last_seen_at: Date | null };

async function announce(
  deps: Pick<AppDeps, 'db' | 'events'>,
  device: Transition,
  status: 'online' | 'offline',
  firstContact: boolean,
): Promise<void> {
  await deps.events.publish(device.account_id, {
    type: 'device.status',
    data: { deviceId: device.id, status, lastSeenAt: device.last_seen_at?.toISOString() ?? null },
  });
  await notify(deps.db, deps.events, {
    accountId: device.account_id,
    deviceId: device.id,
    kind: status === 'online' ? 'device.online' : 'device.offline',
    severity: status === 'online' ? 'info' : 'warning',
    title: status === 'online' ? `${device.name} is online` : `${device.name} is offline`,
    message:
      status === 'online'
        ? firstContact
          ? `${device.name} sent its first sample and is connected.`
          : `${device.name} is reporting again.`
        : `${device.name} has sent nothing since ${device.last_seen_at?.toISOString() ?? 'enrollment'}.`,
  });
}

/** Called when samples arrive: a pending or offline device turns online, once. */
export async function markOnline(
  deps: Pick<AppDeps, 'db' | 'events'>,
  db: Executor,
  deviceId: string,
) {
  const previous = await db
    .selectFrom('devices')
    .select('reported_status')
    .where('id', '=', deviceId)
    .executeTakeFirst();
  if (!previous || previous.reported_status === 'online') return;
  const device = await db
    .updateTable('devices')
    .set({ reported_status: 'online' })
    .where('id', '=', deviceId)
    .where('reported_status', '!=', 'online')
    .returning(['id', 'account_id', 'name', 'last_seen_at'])
    .executeTakeFirst();
  if (device) await announce(deps, device, 'online', previous.reported_status === 'pending');
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
  for (const device of silent) await announce(deps, device, 'offline', false);
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
