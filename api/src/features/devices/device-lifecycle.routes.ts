import { createRoute, z } from '@hono/zod-openapi';
import {
  errorResponses,
  IdParams,
  jsonContent,
  sessionSecurity,
} from '../../lib/openapi-schemas.js';
import { requireUser } from '../auth/auth.middleware.js';
import { DeviceSchema, GpuSchema } from './devices.schemas.js';

const userRoute = { tags: ['devices'], security: sessionSecurity, middleware: [requireUser] };

function changeRoute(change: 'pause' | 'resume', summary: string, description: string) {
  return createRoute({
    ...userRoute,
    method: 'post',
    path: `/v1/devices/{id}/${change}`,
    summary,
    description,
    request: { params: IdParams },
    responses: {
      200: jsonContent(DeviceSchema, 'The device (unchanged when it already was).'),
      400: errorResponses[400],
      401: errorResponses[401],
      403: errorResponses[403],
      404: errorResponses[404],
    },
  });
}

export const pauseDeviceRoute = changeRoute(
  'pause',
  'Pause a device: no new jobs until it is resumed',
  "It leaves the orchestrator's schedulable list at once, and a job starting on it is refused with 409 `device_paused`; a job already running finishes. It keeps reporting and being monitored.",
);

export const resumeDeviceRoute = changeRoute(
  'resume',
  'Resume a paused device',
  'It is schedulable again once it is online.',
);

export const SCHEDULABLE_PAGE = 5000;

const SchedulableDevice = z
  .object({
    id: z.string(),
    accountId: z.string(),
    name: z.string(),
    lastSeenAt: z.string().nullable(),
    gpus: z.array(GpuSchema),
  })
  .openapi('SchedulableDevice');

export const schedulableDevicesRoute = createRoute({
  tags: ['devices'],
  method: 'get',
  path: '/v1/schedulable-devices',
  summary: 'Online devices that are not paused, with their GPUs (the orchestrator)',
  description: `Bearer \`SERVICE_TOKEN\`. By id, ${SCHEDULABLE_PAGE} at a time: pass the last id as \`after\` for the next page.`,
  security: [{ serviceToken: [] }],
  request: {
    query: z.object({
      after: z.uuid({ error: 'must be a device id' }).optional(),
    }),
  },
  responses: {
    200: jsonContent(
      z.object({ devices: z.array(SchedulableDevice), nextAfter: z.string().nullable() }),
      'A page of devices, by id.',
    ),
    400: errorResponses[400],
    401: errorResponses[401],
  },
});
