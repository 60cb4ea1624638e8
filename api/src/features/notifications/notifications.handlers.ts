import { createRoute, z } from '@hono/zod-openapi';
import { ApiError } from '../../lib/api-error.js';
import {
  errorResponses,
  IdParams,
  jsonContent,
  sessionSecurity,
} from '../../lib/openapi-schemas.js';
import { decodeCursor, PageQuery } from '../../lib/paging.js';
import { createRouter } from '../../lib/router.js';
import { requireUser } from '../auth/auth.middleware.js';
import { findDevice } from '../devices/devices.queries.js';
import { listNotifications, toNotification } from './notifications.service.js';

const NotificationSchema = z
  .object({
    id: z.string(),
    deviceId: z.string().nullable(),
    kind: z.string().openapi({ example: 'device.offline' }),
    severity: z.enum(['info', 'warning', 'critical']),
    title: z.string(),
    message: z.string(),
    createdAt: z.string(),
  })
  .openapi('Notification');

const NotificationPage = z.object({
  notifications: z.array(NotificationSchema),
  nextCursor: z.string().nullable(),
});
const userRoute = { tags: ['notifications'], security: sessionSecurity, middleware: [requireUser] };

const listRoute = createRoute({
  ...userRoute,
  method: 'get',
  path: '/v1/notifications',
  summary: "The account's notifications, newest first",
  request: { query: PageQuery },
  responses: {
    200: jsonContent(NotificationPage, 'A page.'),
    400: errorResponses[400],
    401: errorResponses[401],
  },
});

const listForDeviceRoute = createRoute({
  ...userRoute,
  method: 'get',
  path: '/v1/devices/{id}/notifications',
  summary: "One device's notifications, newest first",
  request: { params: IdParams, query: PageQuery },
  responses: {
    200: jsonContent(NotificationPage, 'A page.'),
    400: errorResponses[400],
    401: errorResponses[401],
    404: errorResponses[404],
  },
});

export const notificationRoutes = createRouter()
  .openapi(listRoute, async (c) => {
    const { limit, cursor } = c.req.valid('query');
    const page = await listNotifications(
      c.var.deps.db,
      { accountId: c.var.user.accountId },
      { limit, after: decodeCursor(cursor) },
    );
    return c.json(
      { notifications: page.items.map(toNotification), nextCursor: page.nextCursor },
      200,
    );
  })
  .openapi(listForDeviceRoute, async (c) => {
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
    return c.json(
      { notifications: page.items.map(toNotification), nextCursor: page.nextCursor },
      200,
    );
  });
