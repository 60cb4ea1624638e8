import { createRoute, z } from '@hono/zod-openapi';
import {
  errorResponses,
  IdParams,
  jsonContent,
  sessionSecurity,
} from '../../lib/openapi-schemas.js';
import { requireUser } from '../auth/auth.middleware.js';

const ServiceHistorySchema = z
  .object({
    name: z.string().openapi({ example: 'systemd:ray-worker' }),
    intervals: z.array(
      z.object({
        from: z.string(),
        to: z.string(),
        up: z.boolean().nullable().openapi({ description: 'null: nothing heard (unknown)' }),
      }),
    ),
  })
  .openapi('ServiceHistory');

export const serviceHistoryRoute = createRoute({
  tags: ['metrics'],
  security: sessionSecurity,
  middleware: [requireUser],
  method: 'get',
  path: '/v1/devices/{id}/services',
  summary: 'Each service the device reported: its up/down history as intervals',
  request: {
    params: IdParams,
    query: z.object({
      hours: z.coerce
        .number({ error: 'must be a number' })
        .int({ error: 'must be a whole number' })
        .min(1, { error: 'must be at least 1' })
        .max(168, { error: 'must be at most 168' })
        .default(24),
    }),
  },
  responses: {
    200: jsonContent(
      z.object({ from: z.string(), to: z.string(), services: z.array(ServiceHistorySchema) }),
      'Services reported in the window, by name; intervals cover it, oldest first.',
    ),
    400: errorResponses[400],
    401: errorResponses[401],
    404: errorResponses[404],
    503: { description: 'Metrics storage unavailable.' },
  },
});
