import { ApiError } from '../../lib/api-error.js';
import { createRouter } from '../../router.js';
import { findDevice } from '../devices/devices.queries.js';
import { requireMetrics } from '../metrics/metric-source.js';
import { GAP_INTERVALS, serviceIntervals } from './service-intervals.js';
import { queryServiceSamples } from './services.queries.js';
import { serviceHistoryRoute } from './services.routes.js';

/** The collector checks services every 30 s, or every sample when it samples less often. */
const SERVICE_CHECK_S = 30;

export const serviceRoutes = createRouter().openapi(serviceHistoryRoute, async (c) => {
  const { db, metrics } = c.var.deps;
  const { id } = c.req.valid('param');
  const { hours } = c.req.valid('query');
  const device = await findDevice(db, c.var.user.accountId, id);
  if (!device) throw ApiError.notFound('Device');
  const store = requireMetrics(metrics);
  const toMs = Date.now();
  const fromMs = toMs - hours * 3_600_000;
  const intervalMs = Math.max(SERVICE_CHECK_S, device.interval_s) * 1000;
  // The sample just before the window tells each service's state at its start.
  const samples = await queryServiceSamples(store, id, {
    fromMs: fromMs - GAP_INTERVALS * intervalMs,
    toMs: toMs + 1,
  });
  const services = [...samples]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, history]) => ({
      name,
      intervals: serviceIntervals(history, { fromMs, toMs, intervalMs }),
    }));
  return c.json(
    { from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString(), services },
    200,
  );
});
