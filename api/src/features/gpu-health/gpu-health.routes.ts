import { createRoute } from '@hono/zod-openapi';
import {
  errorResponses,
  IdParams,
  jsonContent,
  sessionSecurity,
} from '../../lib/openapi-schemas.js';
import { requireUser } from '../auth/auth.middleware.js';
import { DeviceHealthSchema } from './gpu-health.schemas.js';

export const deviceHealthRoute = createRoute({
  tags: ['metrics'],
  security: sessionSecurity,
  middleware: [requireUser],
  method: 'get',
  path: '/v1/devices/{id}/health',
  summary:
    'Per GPU over the last 24 h: thermal headroom, time throttled by reason, PCIe link, memory temperature, the latest Xid errors explained',
  request: { params: IdParams },
  responses: {
    200: jsonContent(
      DeviceHealthSchema,
      'Each GPU that reported in the last 24 h, by index; a value the driver does not report is null.',
    ),
    401: errorResponses[401],
    404: errorResponses[404],
    503: { description: 'Metrics storage unavailable.' },
  },
});
