import type { Executor } from '../../db/database.js';
import { ApiError } from '../../lib/api-error.js';
import { decodeCursor } from '../../lib/paging.js';
import { createRouter } from '../../router.js';
import { findDevice } from '../devices/devices.queries.js';
import { toNotification } from './notification.presenter.js';
import { deliveriesOf, listNotifications } from './notifications.queries.js';
import { listDeviceNotificationsRoute, listNotificationsRoute } from './notifications.routes.js';

/** A page of notifications, each with where it went. */
async function toNotificationPage(
  db: Executor,
  page: Awaited<ReturnType<typeof listNotifications>>,
) {
  const deliveries = await deliveriesOf(
    db,
    page.items.map((item) => item.id),
  );
  return {
    notifications: page.items.map((item) =>
      toNotification(
        item,
        deliveries.filter((delivery) => delivery.notification_id === item.id),
      ),
    ),
    nextCursor: page.nextCursor,
  };
}

export const notificationRoutes = createRouter()
  .openapi(listNotificationsRoute, async (c) => {
    const { limit, cursor, alerts } = c.req.valid('query');
    const page = await listNotifications(
      c.var.deps.db,
      { accountId: c.var.user.accountId, alertsOnly: alerts === 'true' },
      { limit, after: decodeCursor(cursor) },
    );
    return c.json(await toNotificationPage(c.var.deps.db, page), 200);
  })
  .openapi(listDeviceNotificationsRoute, async (c) => {
    const { db } = c.var.deps;
    const { accountId } = c.var.user;
    const { id } = c.req.valid('param');
    const { limit, cursor } = c.req.valid('query');
    if (!(await findDevice(db, accountId, id))) throw ApiError.notFound('Device');
    const page = await listNotifications(
      db,
      { accountId, deviceId: id },
      { limit, after: decodeCursor(cursor) },
    );
    return c.json(await toNotificationPage(c.var.deps.db, page), 200);
  });
