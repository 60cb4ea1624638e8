import type { Executor } from '../../db/database.js';
import { queueAlertDeliveries } from '../deliveries/alert-deliveries.js';
import type { LiveEventBus } from '../live/live-events.js';
import { toNotification } from './notification.presenter.js';
import { insertNotification, type NewNotification } from './notifications.queries.js';

/**
 * Stores a notification with its outbound deliveries (one transaction: both or neither) and
 * pushes it live; false when its dedupe key was already used.
 */
export async function notify(
  db: Executor,
  events: LiveEventBus,
  notification: NewNotification,
): Promise<boolean> {
  const store = async (trx: Executor) => {
    const row = await insertNotification(trx, notification);
    if (row) await queueAlertDeliveries(trx, notification.accountId, row);
    return row;
  };
  const row = db.isTransaction ? await store(db) : await db.transaction().execute(store);
  if (!row) return false;
  await events.publish(notification.accountId, { type: 'notification', data: toNotification(row) });
  return true;
}
