import { createRoute, z } from '@hono/zod-openapi';
import { errorResponses, sessionSecurity } from '../../lib/openapi-schemas.js';
import { requireUser } from '../auth/auth.middleware.js';

export const eventsRoute = createRoute({
  tags: ['live'],
  security: sessionSecurity,
  middleware: [requireUser],
  method: 'get',
  path: '/v1/events',
  summary: 'Server-Sent Events for this account',
  description:
    'Events `device.status`, `device.sample`, `job`, `earning`, `notification` (data: JSON), a `ready` event on connect and a comment heartbeat every 15 s. Share one stream per browser tab.',
  responses: {
    200: {
      description: 'An event stream.',
      content: { 'text/event-stream': { schema: z.string() } },
    },
    401: errorResponses[401],
  },
});
