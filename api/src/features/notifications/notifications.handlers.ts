import { ApiError } from '../../lib/api-error.js';
import { decodeCursor } from '../../lib/paging.js';
import { createRouter } from '../../router.js';
import { findDevice } from '../devices/devices.queries.js';
import { toNotification } from './notification.presenter.js';
import { listNotifications } from './notifications.queries.js';
import { listDeviceNotificationsRoute, listNotificationsRoute } from './notifications.routes.js';

function toNotificationPage(page: Awaited<ReturnType<typeof listNotifications>>) {
  return { notifications: page.items.map(toNotification), nextCursor: page.nextCursor };
}

export const notificationRoutes = createRouter()
  .openapi(listNotificationsRoute, async (c) => {
    const { limit, cursor } = c.req.valid('query');
    const page = await listNotifications(
      c.var.deps.db,
      { accountId: c.var.user.accountId },
      { limit, after: decodeCursor(cursor) },
    );
    return c.json(toNotificationPage(page), 200);
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
    return c.json(toNotificationPage(page), 200);
  });
