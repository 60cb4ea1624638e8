import type { Executor } from '../../db/database.js';
import type { LiveEventBus } from '../live/live-events.js';
import { toNotification } from './notification.presenter.js';
import { insertNotification, type NewNotification } from './notifications.queries.js';

/** Stores a notification and pushes it live; false when its dedupe key was already used. */
export async function notify(
  db: Executor,
  events: LiveEventBus,
  notification: NewNotification,
): Promise<boolean> {
  const row = await insertNotification(db, notification);
  if (!row) return false;
  await events.publish(notification.accountId, { type: 'notification', data: toNotification(row) });
  return true;
}
