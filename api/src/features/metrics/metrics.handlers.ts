import { ApiError } from '../../lib/api-error.js';
import { createRouter } from '../../router.js';
import { findDevice } from '../devices/devices.queries.js';
import { queryDeviceMetrics, uptimeDays, type UptimeRow } from './metrics.queries.js';
import { chooseSource, requireMetrics } from './metric-source.js';
import { metricsRoute, uptimeRoute } from './metrics.routes.js';
import { resolveRange } from './range.js';

/** Each day's reported share of the part of it the device existed for; null before that. */
function uptimeRatios(rows: UptimeRow[], createdAt: number, now: number) {
  return rows.map((row) => {
    const start = Math.max(new Date(row.day_start).getTime(), createdAt);
    const end = Math.min(new Date(row.day_end).getTime(), now);
    if (end <= start) return { date: row.day, uptimeRatio: null };
    const ratio = Math.min(1, (row.covered_seconds ?? 0) / ((end - start) / 1000));
    return { date: row.day, uptimeRatio: Math.round(ratio * 10000) / 10000 };
  });
}

export const metricsRoutes = createRouter()
  .openapi(metricsRoute, async (c) => {
    const { db, metrics, config } = c.var.deps;
    const { id } = c.req.valid('param');
    const range = resolveRange(c.req.valid('query'));
    // Which series to read is no secret (a watermark, a stale mark): asked beside the owner check.
    const [device, source] = await Promise.all([
      findDevice(db, c.var.user.accountId, id),
      chooseSource(db, config.influx, id, range),
    ]);
    if (!device) throw ApiError.notFound('Device');
    const store = requireMetrics(metrics);
    const series = await queryDeviceMetrics(store, id, range, source);
    return c.json(
      {
        from: range.from.toISOString(),
        to: range.to.toISOString(),
        step: `${range.stepS}s`,
        series,
      },
      200,
    );
  })
  .openapi(uptimeRoute, async (c) => {
    const { db } = c.var.deps;
    const { accountId } = c.var.user;
    const { id } = c.req.valid('param');
    const { days } = c.req.valid('query');
    const device = await findDevice(db, accountId, id);
    if (!device) throw ApiError.notFound('Device');
    const rows = await uptimeDays(db, accountId, id, days);
    return c.json({ days: uptimeRatios(rows, device.created_at.getTime(), Date.now()) }, 200);
  });
