import { createRoute, z } from '@hono/zod-openapi';
import {
  errorResponses,
  IdParams,
  jsonRequestBody,
  jsonContent,
  notModified,
  sessionSecurity,
} from '../../lib/openapi-schemas.js';
import { conditionalGet } from '../../middleware/conditional-get.js';
import { requireUser } from '../auth/auth.middleware.js';
import {
  DeviceDetailsSchema,
  DeviceName,
  DeviceSchema,
  EnrollmentSchema,
  EnrollRequest,
  EnrollResponse,
  NewDevice,
} from './devices.schemas.js';

const userRoute = { tags: ['devices'], security: sessionSecurity, middleware: [requireUser] };

export const listDevicesRoute = createRoute({
  ...userRoute,
  middleware: [requireUser, conditionalGet()],
  method: 'get',
  path: '/v1/devices',
  summary: "The account's devices (not paged; at most 5,000)",
  responses: {
    200: jsonContent(z.object({ devices: z.array(DeviceSchema) }), 'Devices, oldest first.'),
    304: notModified,
    401: errorResponses[401],
  },
});

export const createDeviceRoute = createRoute({
  ...userRoute,
  method: 'post',
  path: '/v1/devices',
  summary: 'Add a device and get its one-line install commands',
  request: { body: jsonRequestBody(NewDevice) },
  responses: {
    201: jsonContent(
      z.object({ device: DeviceSchema, enrollment: EnrollmentSchema }),
      'The device (pending) and a single-use enrollment token valid for one hour.',
    ),
    400: errorResponses[400],
    401: errorResponses[401],
    403: errorResponses[403],
    409: errorResponses[409],
  },
});

export const getDeviceRoute = createRoute({
  ...userRoute,
  method: 'get',
  path: '/v1/devices/{id}',
  summary: 'One device with its GPUs, services and traffic',
  request: { params: IdParams },
  responses: {
    200: jsonContent(DeviceDetailsSchema, 'The device.'),
    400: errorResponses[400],
    401: errorResponses[401],
    404: errorResponses[404],
  },
});

export const renameDeviceRoute = createRoute({
  ...userRoute,
  method: 'patch',
  path: '/v1/devices/{id}',
  summary: 'Rename a device',
  request: { params: IdParams, body: jsonRequestBody(DeviceName) },
  responses: {
    200: jsonContent(DeviceSchema, 'The renamed device.'),
    400: errorResponses[400],
    401: errorResponses[401],
    403: errorResponses[403],
    404: errorResponses[404],
  },
});

export const deleteDeviceRoute = createRoute({
  ...userRoute,
  method: 'delete',
  path: '/v1/devices/{id}',
  summary: 'Delete a device; its credential stops working at once',
  request: { params: IdParams },
  responses: {
    204: { description: 'Deleted.' },
    400: errorResponses[400],
    401: errorResponses[401],
    403: errorResponses[403],
    404: errorResponses[404],
  },
});

export const reenrollDeviceRoute = createRoute({
  ...userRoute,
  method: 'post',
  path: '/v1/devices/{id}/enrollment',
  summary: 'Re-enrol a device (new machine or lost config)',
  description: 'The old credential stops working when the new token is used.',
  request: { params: IdParams },
  responses: {
    201: jsonContent(EnrollmentSchema, 'A new single-use enrollment token.'),
    400: errorResponses[400],
    401: errorResponses[401],
    403: errorResponses[403],
    404: errorResponses[404],
  },
});

export const enrollRoute = createRoute({
  method: 'post',
  path: '/v1/enroll',
  tags: ['nodes'],
  summary: 'A node exchanges its enrollment token or a fleet token for a device credential',
  description:
    "With a fleet token, each machine id becomes one device named after its hostname; the same machine id enrols the same device again (a new credential replaces the old one). A machine past the token's `maxDevices` → 403 `fleet_token_full`; an expired or revoked token → 401.",
  request: { body: jsonRequestBody(EnrollRequest) },
  responses: {
    201: jsonContent(EnrollResponse, 'Enrolled; keep the credential secret.'),
    400: errorResponses[400],
    401: errorResponses[401],
    403: errorResponses[403],
    409: errorResponses[409],
  },
});
