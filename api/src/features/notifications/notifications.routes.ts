import { createRoute, z } from '@hono/zod-openapi';
import { NOTIFICATION_SEVERITIES } from '@ioworker/contract';
import {
  errorResponses,
  IdParams,
  jsonContent,
  sessionSecurity,
} from '../../lib/openapi-schemas.js';
import { PageQuery } from '../../lib/paging.js';
import { requireUser } from '../auth/auth.middleware.js';
import { CHANNEL_KINDS } from '../channels/channel-message.js';

const NotificationSchema = z
  .object({
    id: z.string(),
    deviceId: z.string().nullable(),
    kind: z.string().openapi({ example: 'device.offline' }),
    severity: z.enum(NOTIFICATION_SEVERITIES),
    title: z.string(),
    message: z.string(),
    alert: z
      .object({ event: z.string(), status: z.enum(['firing', 'resolved']) })
      .nullable()
      .openapi({ description: 'What it is as an alert sent out; null for in-app news.' }),
    deliveries: z
      .array(
        z.object({
          channelId: z.string(),
          channelName: z.string(),
          channelKind: z.enum(CHANNEL_KINDS),
          status: z.enum(['pending', 'sent', 'failed']),
          attempts: z.number().int(),
          error: z.string().nullable().openapi({ description: 'The last failure, if any.' }),
          finishedAt: z.string().nullable(),
          nextAttemptAt: z.string().nullable().openapi({ description: 'While pending.' }),
        }),
      )
      .openapi({ description: 'Each channel it went to, and how that delivery stands.' }),
    createdAt: z.string(),
  })
  .openapi('Notification');

const NotificationPage = z.object({
  notifications: z.array(NotificationSchema),
  nextCursor: z.string().nullable(),
});
const userRoute = { tags: ['notifications'], security: sessionSecurity, middleware: [requireUser] };

export const listNotificationsRoute = createRoute({
  ...userRoute,
  method: 'get',
  path: '/v1/notifications',
  summary: "The account's notifications, newest first",
  request: {
    query: PageQuery.extend({
      alerts: z
        .enum(['true', 'false'], { error: 'must be true or false' })
        .optional()
        .openapi({ description: '`true`: only alerts sent out through the channels.' }),
    }),
  },
  responses: {
    200: jsonContent(NotificationPage, 'A page.'),
    400: errorResponses[400],
    401: errorResponses[401],
  },
});

export const listDeviceNotificationsRoute = createRoute({
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
