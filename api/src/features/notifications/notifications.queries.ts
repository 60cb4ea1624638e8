import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';
import { newestFirstPage } from '../../db/keyset.queries.js';
import type { Keyset } from '../../lib/paging.js';
import type { AlertOf } from '../notification-rules/alert-events.js';
import type { DeliveryOutcomeRow, NotificationRow } from './notification.presenter.js';

const columns = [
  'id',
  'device_id',
  'kind',
  'severity',
  'title',
  'message',
  'alert_event',
  'alert_status',
  'created_at',
] as const;

export type NewNotification = {
  accountId: string;
  deviceId: string | null;
  kind: string;
  severity: NotificationRow['severity'];
  title: string;
  message: string;
  /** Makes the write idempotent: a second notification with the same key is not created. */
  dedupeKey?: string;
  /** What it is as an alert leaving the app; in-app only without. */
  alert?: AlertOf;
};

export function findNotification(db: Executor, notificationId: string) {
  return db
    .selectFrom('notifications')
    .select([...columns, 'account_id'])
    .where('id', '=', notificationId)
    .executeTakeFirst();
}

/** Undefined when the dedupe key was already used. */
export function insertNotification(
  db: Executor,
  notification: NewNotification,
): Promise<NotificationRow | undefined> {
  return db
    .insertInto('notifications')
    .values({
      account_id: notification.accountId,
      device_id: notification.deviceId,
      kind: notification.kind,
      severity: notification.severity,
      title: notification.title,
      message: notification.message,
      dedupe_key: notification.dedupeKey ?? null,
      alert_event: notification.alert?.event ?? null,
      alert_status: notification.alert?.status ?? null,
    })
    .onConflict((conflict) => conflict.column('dedupe_key').doNothing())
    .returning(columns)
    .executeTakeFirst();
}

export async function listNotifications(
  db: Executor,
  filter: { accountId: string; deviceId?: string; alertsOnly?: boolean },
  page: { limit: number; after: Keyset | undefined },
) {
  let query = db
    .selectFrom('notifications')
    .select([...columns, sql<string>`created_at::text`.as('created_at_text')])
    .where('account_id', '=', filter.accountId);
  if (filter.deviceId) query = query.where('device_id', '=', filter.deviceId);
  if (filter.alertsOnly) query = query.where('alert_event', 'is not', null);
  return newestFirstPage(query, page);
}

/** Where each of these notifications went, oldest delivery first. */
export function deliveriesOf(
  db: Executor,
  notificationIds: string[],
): Promise<DeliveryOutcomeRow[]> {
  if (notificationIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('notification_deliveries as d')
    .innerJoin('notification_channels as c', 'c.id', 'd.channel_id')
    .select([
      'd.notification_id as notification_id',
      'd.channel_id',
      'c.name as channel_name',
      'c.kind as channel_kind',
      'd.status',
      'd.attempts',
      'd.last_error',
      'd.finished_at',
      'd.next_attempt_at',
    ])
    .where('d.notification_id', 'in', notificationIds)
    .orderBy('d.created_at')
    .$narrowType<{ notification_id: string; channel_id: string }>()
    .execute();
}
