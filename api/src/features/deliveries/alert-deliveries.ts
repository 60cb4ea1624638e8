import type { Executor, StoredMessage } from '../../db/database.js';
import type { AlertOf } from '../notification-rules/alert-events.js';
import { routeAlert, type Route } from '../notification-rules/alert-routing.js';
import type { NotificationRow } from '../notifications/notification.presenter.js';
import { deviceNameOf, enqueueDeliveries, joinOpenGroup } from './deliveries.queries.js';

type Alerting = { accountId: string; deviceId: string | null; alert: AlertOf };

/**
 * Queues a notification that is an alert for the channels its rule routes it to, in the caller's
 * transaction. An alert opens a group that waits `groupMs`; each alert of the same kind for the
 * same channel that joins it before then makes it wait `groupMs` more, up to 6 × `groupMs` in
 * all: together they leave as one message. During quiet hours they wait for the end instead,
 * and leave as one digest.
 */
export async function queueAlertDeliveries(
  db: Executor,
  alerting: Alerting,
  notification: NotificationRow,
  groupMs: number,
): Promise<void> {
  const route = await routeAlert(db, {
    ...alerting.alert,
    accountId: alerting.accountId,
    deviceId: alerting.deviceId,
    critical: notification.severity === 'critical',
  });
  if (route.channels.length === 0) return;
  const device = notification.device_id
    ? { id: notification.device_id, name: (await deviceNameOf(db, notification.device_id)) ?? '' }
    : undefined;
  const message = {
    event: alerting.alert.event,
    status: alerting.alert.status,
    severity: notification.severity,
    occurredAt: notification.created_at.toISOString(),
    title: notification.title,
    message: notification.message,
    ...(device ? { device } : {}),
    ...(route.notBefore ? { heldForQuietHours: true } : {}),
  };
  const deliveries = [];
  for (const channel of route.channels) {
    deliveries.push({
      accountId: alerting.accountId,
      channelId: channel.id,
      notificationId: notification.id,
      message,
      notBefore: route.immediate
        ? undefined
        : await dueTime(db, channel.id, message, route, groupMs),
    });
  }
  await enqueueDeliveries(db, deliveries);
}

/** A group waits for more alerts of its kind this many times `groupMs`, at the most. */
const MAX_GROUP_WINDOWS = 6;

/** When quiet hours end; else the channel's open group for this kind; else a new group's end. */
async function dueTime(
  db: Executor,
  channelId: string,
  message: StoredMessage,
  route: Route,
  groupMs: number,
): Promise<Date> {
  if (route.notBefore) return route.notBefore;
  const window = { groupMs, maxMs: groupMs * MAX_GROUP_WINDOWS };
  return (await joinOpenGroup(db, channelId, message, window)) ?? new Date(Date.now() + groupMs);
}
