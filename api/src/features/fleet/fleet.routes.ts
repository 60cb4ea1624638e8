import { createRoute, z } from '@hono/zod-openapi';
import { errorResponses, jsonContent, sessionSecurity } from '../../lib/openapi-schemas.js';
import { requireUser } from '../auth/auth.middleware.js';
import { FLEET_RANGES } from './fleet-history.js';

const HourSchema = z
  .object({
    hour: z.string().openapi({ description: 'the UTC hour, at its start (RFC 3339)' }),
    onlineDevices: z
      .number()
      .openapi({ description: 'devices with samples (covered seconds) in the hour' }),
    powerW: z.number().openapi({
      description: 'W, average total power: energyWh over the hour (the current one: so far)',
    }),
    energyWh: z.number().openapi({ description: 'Wh measured, all devices' }),
    earnedLamports: z
      .string()
      .openapi({ description: 'job credits and adjustments in the hour (lamports)' }),
  })
  .openapi('FleetHour');

export const fleetHistoryRoute = createRoute({
  tags: ['devices'],
  security: sessionSecurity,
  middleware: [requireUser],
  method: 'get',
  path: '/v1/fleet/history',
  summary: 'The fleet by hour: online devices, power and earnings, oldest first',
  description:
    'Exactly 24 (`24h`) or 168 (`7d`) UTC hours, the current one last. From the hourly energy rows kept at ingest and the hourly earnings rollup. Devices deleted since count in the hours they ran.',
  request: {
    query: z.object({
      range: z
        .enum(FLEET_RANGES, { error: 'must be 24h or 7d' })
        .default('24h')
        .openapi({ description: 'how far back: 24 hours or 7 days' }),
    }),
  },
  responses: {
    200: jsonContent(z.object({ hours: z.array(HourSchema) }), 'The hours.'),
    400: errorResponses[400],
    401: errorResponses[401],
  },
});
