import { createRoute, z } from '@hono/zod-openapi';
import { jsonContent } from '../../lib/openapi-schemas.js';

const Readiness = z
  .object({
    status: z.enum(['ok', 'degraded']),
    database: z.enum(['ok', 'down', 'not_configured']),
    influx: z.enum(['ok', 'down', 'not_configured']),
    treasury: z.enum(['ok', 'low', 'down', 'not_configured']).openapi({
      description: '`low`: the treasury cannot cover the next payout run (the API stays ready)',
    }),
  })
  .openapi('Readiness');

export const healthzRoute = createRoute({
  method: 'get',
  path: '/healthz',
  tags: ['health'],
  summary: 'The process is up',
  responses: { 200: jsonContent(z.object({ status: z.literal('ok') }), 'Up.') },
});

export const readyzRoute = createRoute({
  method: 'get',
  path: '/readyz',
  tags: ['health'],
  summary: 'Dependencies reachable',
  responses: {
    200: jsonContent(Readiness, 'Every configured dependency answers.'),
    503: jsonContent(Readiness, 'A configured dependency is down.'),
  },
});
