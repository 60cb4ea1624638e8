import { createRoute, z } from '@hono/zod-openapi';
import {
  errorResponses,
  jsonContent,
  notModified,
  sessionSecurity,
} from '../../lib/openapi-schemas.js';
import { conditionalGet } from '../../middleware/conditional-get.js';
import { requireUser } from '../auth/auth.middleware.js';

const OverviewSchema = z
  .object({
    devices: z.object({
      total: z.number(),
      online: z.number(),
      offline: z.number(),
      pending: z.number(),
    }),
    gpus: z.number(),
    avgTemperature: z
      .number()
      .nullable()
      .openapi({ description: '°C, mean of the online devices’ hottest GPU' }),
    totalPowerW: z.number().openapi({ description: 'W, summed over online devices' }),
    earnings: z.object({
      todayLamports: z.string(),
      last7dLamports: z.string(),
      balanceLamports: z.string(),
    }),
  })
  .openapi('Overview');

export const overviewRoute = createRoute({
  tags: ['devices'],
  security: sessionSecurity,
  middleware: [requireUser, conditionalGet()],
  method: 'get',
  path: '/v1/overview',
  summary: 'Fleet summary',
  responses: {
    200: jsonContent(OverviewSchema, 'The summary.'),
    304: notModified,
    401: errorResponses[401],
  },
});
