import { createRoute, z } from '@hono/zod-openapi';
import { errorResponses, jsonContent, sessionSecurity } from '../../lib/openapi-schemas.js';
import { createRouter } from '../../lib/router.js';
import { requireUser } from '../auth/auth.middleware.js';
import { deviceStatus, sampleSummary } from '../devices/device.presenter.js';
import { listDevices } from '../devices/devices.queries.js';
import { earningsSummary } from '../earnings/ledger.queries.js';

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

const overviewRoute = createRoute({
  tags: ['devices'],
  security: sessionSecurity,
  middleware: [requireUser],
  method: 'get',
  path: '/v1/overview',
  summary: 'Fleet summary',
  responses: { 200: jsonContent(OverviewSchema, 'The summary.'), 401: errorResponses[401] },
});

export const overviewRoutes = createRouter().openapi(overviewRoute, async (c) => {
  const { db } = c.var.deps;
  const [rows, earnings] = await Promise.all([
    listDevices(db, c.var.user.accountId),
    earningsSummary(db, c.var.user.accountId),
  ]);
  const now = Date.now();
  const counts = { total: rows.length, online: 0, offline: 0, pending: 0 };
  let gpus = 0;
  let totalPowerW = 0;
  const temperatures: number[] = [];
  for (const row of rows) {
    const status = deviceStatus(row, now);
    counts[status] += 1;
    gpus += row.gpus.length;
    if (status !== 'online') continue;
    const sample = sampleSummary(row.latest);
    totalPowerW += sample.powerW ?? 0;
    if (sample.temperature !== undefined) temperatures.push(sample.temperature);
  }
  const avgTemperature =
    temperatures.length > 0
      ? Math.round(
          (temperatures.reduce((sum, value) => sum + value, 0) / temperatures.length) * 10,
        ) / 10
      : null;
  return c.json(
    {
      devices: counts,
      gpus,
      avgTemperature,
      totalPowerW: Math.round(totalPowerW * 10) / 10,
      earnings: {
        todayLamports: earnings.todayLamports,
        last7dLamports: earnings.last7dLamports,
        balanceLamports: earnings.balanceLamports,
      },
    },
    200,
  );
});
