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
  DeviceRulesSchema,
  MuteBody,
  PutDeviceRulesBody,
  PutRulesBody,
  RulesSchema,
} from './notification-rules.schemas.js';

const userRoute = {
  tags: ['notification rules'],
  security: sessionSecurity,
  middleware: [requireUser],
};

export const getRulesRoute = createRoute({
  ...userRoute,
  method: 'get',
  path: '/v1/notification-rules',
  summary: 'Every alert event with its settings (defaults until changed), and quiet hours',
  responses: { 200: jsonContent(RulesSchema, 'The rules.'), 401: errorResponses[401] },
});

export const putRulesRoute = createRoute({
  ...userRoute,
  method: 'put',
  path: '/v1/notification-rules',
  summary: "Set the account's rules and quiet hours (events left out keep their defaults)",
  request: { body: jsonRequestBody(PutRulesBody) },
  responses: {
    200: jsonContent(RulesSchema, 'The rules as stored.'),
    400: errorResponses[400],
    401: errorResponses[401],
  },
});

export const getDeviceRulesRoute = createRoute({
  ...userRoute,
  method: 'get',
  path: '/v1/devices/{id}/notification-rules',
  summary: "A device's overrides of the account's rules, what applies, and its maintenance",
  request: { params: IdParams },
  responses: {
    200: jsonContent(DeviceRulesSchema, 'Overrides and effective rules.'),
    401: errorResponses[401],
    404: errorResponses[404],
  },
});

export const putDeviceRulesRoute = createRoute({
  ...userRoute,
  method: 'put',
  path: '/v1/devices/{id}/notification-rules',
  summary: "Set a device's overrides (an absent key inherits the account's rule)",
  request: { params: IdParams, body: jsonRequestBody(PutDeviceRulesBody) },
  responses: {
    200: jsonContent(DeviceRulesSchema, 'As stored.'),
    400: errorResponses[400],
    401: errorResponses[401],
    404: errorResponses[404],
  },
});

export const muteDeviceRoute = createRoute({
  ...userRoute,
  method: 'post',
  path: '/v1/devices/{id}/mute',
  summary: 'Maintenance: no alerts for the device until `until` (security events still go out)',
  request: { params: IdParams, body: jsonRequestBody(MuteBody) },
  responses: {
    200: jsonContent(z.object({ mutedUntil: z.string() }), 'Muted.'),
    400: errorResponses[400],
    401: errorResponses[401],
    404: errorResponses[404],
  },
});

export const unmuteDeviceRoute = createRoute({
  ...userRoute,
  method: 'delete',
  path: '/v1/devices/{id}/mute',
  summary: 'End maintenance now',
  request: { params: IdParams },
  responses: {
    204: { description: 'Unmuted.' },
    401: errorResponses[401],
    404: errorResponses[404],
  },
});
