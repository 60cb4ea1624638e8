import { ApiError } from '../../lib/api-error.js';
import { createRouter } from '../../router.js';
import { findDevice } from '../devices/devices.queries.js';
import { chooseSource, requireMetrics } from '../metrics/metric-source.js';
import { gpuHealth } from './gpu-health.js';
import { queryGpuHealth } from './gpu-health.queries.js';
import { deviceHealthRoute } from './gpu-health.routes.js';

const HOUR_S = 3600;
const WINDOW_MS = 24 * HOUR_S * 1000;

export const gpuHealthRoutes = createRouter().openapi(deviceHealthRoute, async (c) => {
  const { db, metrics, config } = c.var.deps;
  const { id } = c.req.valid('param');
  const to = new Date();
  const window = { from: new Date(to.getTime() - WINDOW_MS), to };
  // The counters are read by the hour: the 1-hour rollup where it is current, as charts do.
  const [device, source] = await Promise.all([
    findDevice(db, c.var.user.accountId, id),
    chooseSource(db, config.influx, id, { ...window, stepS: HOUR_S }),
  ]);
  if (!device) throw ApiError.notFound('Device');
  const store = requireMetrics(metrics);
  const rows = await queryGpuHealth(store, id, window, source);
  return c.json(
    {
      from: window.from.toISOString(),
      to: window.to.toISOString(),
      gpus: rows.map((gpu) => gpuHealth(gpu, window)),
    },
    200,
  );
});
