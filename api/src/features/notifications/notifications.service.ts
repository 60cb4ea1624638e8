import { sql } from 'kysely';
import type { Executor, NotificationSeverity } from '../../db/database.js';
import type { EventBus } from '../../events/event-bus.js';
import { newestFirstPage, type Keyset } from '../../lib/paging.js';

export type NewNotification = {
  accountId: string;
  deviceId: string | null;
  kind: string;
  severity: NotificationSeverity;
  title: string;
  message: string;
  /** Makes the write idempotent: a second notification with the same key is not created. */
  dedupeKey?: string;
};

const columns = ['id', 'device_id', 'kind', 'severity', 'title', 'message', 'created_at'] as const;

export function toNotification(row: {
  id: string;
  device_id: string | null;
  kind: string;
  severity: NotificationSeverity;
  title: string;
  message: string;
  created_at: Date;
}) {
  return {
    id: row.id,
    deviceId: row.device_id,
    kind: row.kind,
    severity: row.severity,
    title: row.title,
    message: row.message,
    createdAt: row.created_at.toISOString(),
  };
}

/** Stores a notification and pushes it live; false when its dedupe key was already used. */
export async function notify(
  db: Executor,
  events: EventBus,
  notification: NewNotification,
): Promise<boolean> {
  const row = await db
    .insertInto('notifications')
    .values({
      account_id: notification.accountId,
      device_id: notification.deviceId,
      kind: notification.kind,
      severity: notification.severity,
      title: notification.title,
      message: notification.message,
      dedupe_key: notification.dedupeKey ?? null,
    })
    .onConflict((conflict) => conflict.column('dedupe_key').doNothing())
    .returning(columns)
    .executeTakeFirst();
  if (!row) return false;
  await events.publish(notification.accountId, { type: 'notification', data: toNotification(row) });
  return true;
}

export async function listNotifications(
  db: Executor,
  filter: { accountId: string; deviceId?: string },
  page: { limit: number; after: Keyset | undefined },
) {
  let query = db
    .selectFrom('notifications')
    .select([...columns, sql<string>`created_at::text`.as('created_at_text')])
    .where('account_id', '=', filter.accountId);
  if (filter.deviceId) query = query.where('device_id', '=', filter.deviceId);
  return newestFirstPage(query, page);
}
