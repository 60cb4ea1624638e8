import type { AppDeps } from '../../app-env.js';
import type { Executor } from '../../db/database.js';
import { queueAlertDeliveries } from '../deliveries/alert-deliveries.js';
import { toNotification } from './notification.presenter.js';
import {
  deliveriesOf,
  findNotification,
  insertNotification,
  type NewNotification,
} from './notifications.queries.js';

/**
 * Pushes a notification again, with where its deliveries stand now: the app shows "Sent" or
 * "Failed" as it happens, not at the next reload.
 */
export async function republishNotification(
  db: Executor,
  events: AppDeps['events'],
  notificationId: string,
): Promise<void> {
  const row = await findNotification(db, notificationId);
  if (!row) return;
  await events.publish(row.account_id, {
    type: 'notification',
    data: toNotification(row, await deliveriesOf(db, [row.id])),
  });
}

/**
 * Stores a notification with its outbound deliveries (one transaction: both or neither) and
 * pushes it live; false when its dedupe key was already used.
 */
export async function notify(
  db: Executor,
  deps: Pick<AppDeps, 'events' | 'config'>,
  notification: NewNotification,
): Promise<boolean> {
  const store = async (trx: Executor) => {
    const row = await insertNotification(trx, notification);
    if (!row || !notification.alert) return row && { row, deliveries: [] };
    const alerting = { ...notification, alert: notification.alert };
    await queueAlertDeliveries(trx, alerting, row, deps.config.notifications.groupMs);
    return { row, deliveries: await deliveriesOf(trx, [row.id]) };
  };
  const stored = db.isTransaction ? await store(db) : await db.transaction().execute(store);
  if (!stored) return false;
  await deps.events.publish(notification.accountId, {
    type: 'notification',
    data: toNotification(stored.row, stored.deliveries),
  });
  return true;
}
