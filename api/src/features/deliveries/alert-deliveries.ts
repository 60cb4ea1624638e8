import type { Executor } from '../../db/database.js';
import { deliverableChannels } from '../channels/channels.queries.js';
import type { NotificationRow } from '../notifications/notification.presenter.js';
import { deviceNameOf, enqueueDeliveries } from './deliveries.queries.js';

/**
 * Queues a notification for every enabled, verified channel of its account, in the caller's
 * transaction. Until per-event rules exist, every in-app notification also goes out.
 */
export async function queueAlertDeliveries(
  db: Executor,
  accountId: string,
  notification: NotificationRow,
): Promise<void> {
  const channels = await deliverableChannels(db, accountId);
  if (channels.length === 0) return;
  const device = notification.device_id
    ? { id: notification.device_id, name: (await deviceNameOf(db, notification.device_id)) ?? '' }
    : undefined;
  const message = {
    event: notification.kind,
    status: 'firing' as const,
    severity: notification.severity,
    occurredAt: notification.created_at.toISOString(),
    title: notification.title,
    message: notification.message,
    ...(device ? { device } : {}),
  };
  await enqueueDeliveries(
    db,
    channels.map((channel) => ({
      accountId,
      channelId: channel.id,
      notificationId: notification.id,
      message,
    })),
  );
}
