import { createRoute, z } from '@hono/zod-openapi';
import {
  errorResponses,
  IdParams,
  jsonContent,
  jsonRequestBody,
  sessionSecurity,
} from '../../lib/openapi-schemas.js';
import { requireUser } from '../auth/auth.middleware.js';
import {
  ChannelSchema,
  CreateChannelBody,
  CreatedChannelSchema,
  UpdateChannelBody,
  VerifyChannelBody,
} from './channels.schemas.js';

const userRoute = {
  tags: ['notification channels'],
  security: sessionSecurity,
  middleware: [requireUser],
};
const unavailable = { description: 'That kind of channel is not configured on this server.' };

export const listChannelsRoute = createRoute({
  ...userRoute,
  method: 'get',
  path: '/v1/notification-channels',
  summary: "The account's notification channels, targets masked",
  responses: {
    200: jsonContent(z.object({ channels: z.array(ChannelSchema) }), 'Oldest first.'),
    401: errorResponses[401],
  },
});

export const createChannelRoute = createRoute({
  ...userRoute,
  method: 'post',
  path: '/v1/notification-channels',
  summary: 'Add an email, Telegram, Discord, Slack or signed webhook channel',
  description:
    'Email is verified by a 6-digit code sent to it; Telegram links when the bot receives `/start <code>` from `linkUrl`; a webhook answers its signing secret once.',
  request: { body: jsonRequestBody(CreateChannelBody) },
  responses: {
    201: jsonContent(CreatedChannelSchema, 'Created.'),
    400: errorResponses[400],
    401: errorResponses[401],
    409: errorResponses[409],
    503: unavailable,
  },
});

export const updateChannelRoute = createRoute({
  ...userRoute,
  method: 'patch',
  path: '/v1/notification-channels/{id}',
  summary: 'Rename, enable or disable a channel',
  request: { params: IdParams, body: jsonRequestBody(UpdateChannelBody) },
  responses: {
    200: jsonContent(ChannelSchema, 'Updated.'),
    400: errorResponses[400],
    401: errorResponses[401],
    404: errorResponses[404],
  },
});

export const deleteChannelRoute = createRoute({
  ...userRoute,
  method: 'delete',
  path: '/v1/notification-channels/{id}',
  summary: 'Delete a channel and its pending deliveries',
  request: { params: IdParams },
  responses: {
    204: { description: 'Deleted.' },
    401: errorResponses[401],
    404: errorResponses[404],
  },
});

export const verifyChannelRoute = createRoute({
  ...userRoute,
  method: 'post',
  path: '/v1/notification-channels/{id}/verify',
  summary: 'Confirm an email channel with the code sent to it (5 tries, 30 minutes)',
  request: { params: IdParams, body: jsonRequestBody(VerifyChannelBody) },
  responses: {
    200: jsonContent(ChannelSchema, 'Verified.'),
    400: errorResponses[400],
    401: errorResponses[401],
    404: errorResponses[404],
    409: errorResponses[409],
  },
});

export const testChannelRoute = createRoute({
  ...userRoute,
  method: 'post',
  path: '/v1/notification-channels/{id}/test',
  summary: 'Send a test message through the normal delivery path',
  request: { params: IdParams },
  responses: {
    202: jsonContent(z.object({ deliveryId: z.string() }), 'Queued.'),
    401: errorResponses[401],
    404: errorResponses[404],
    409: errorResponses[409],
    429: errorResponses[429],
  },
});
