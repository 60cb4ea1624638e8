import { createRoute, z } from '@hono/zod-openapi';
import { sql } from 'kysely';
import { ApiError } from '../../lib/api-error.js';
import {
  errorResponses,
  IdParams,
  jsonContent,
  sessionSecurity,
} from '../../lib/openapi-schemas.js';
import { createRouter } from '../../lib/router.js';
import { daysSchema } from '../../lib/validation.js';
import { requireUser } from '../auth/auth.middleware.js';
import { findDevice } from '../devices/devices.queries.js';
import { autoStep, parseDuration, pointsFor, queryDeviceMetrics } from './metrics.queries.js';

const MAX_RANGE_S = 400 * 86400;

const instant = z.iso
  .datetime({ offset: true, error: 'must be an RFC 3339 time like 2026-01-31T12:00:00Z' })
  .transform((value) => new Date(value))
  .optional();

const MetricsQuery = z.object({
  from: instant,
  to: instant,
  step: z
    .string()
    .refine((value) => (parseDuration(value) ?? 0) >= 1, {
      error: 'must be a duration like 10s, 1m, 1h or 1d',
    })
    .optional(),
});

const SeriesSchema = z
  .object({
    name: z.string().openapi({ example: 'temperature' }),
    unit: z.string().openapi({ example: '°C' }),
    gpu: z.string().optional(),
    points: z.array(z.tuple([z.string(), z.number()])),
  })
  .openapi('MetricSeries');

const userRoute = { tags: ['metrics'], security: sessionSecurity, middleware: [requireUser] };

const metricsRoute = createRoute({
  ...userRoute,
  method: 'get',
  path: '/v1/devices/{id}/metrics',
  summary:
    'Time series of a device: per-GPU temperature, power, utilisation, memory, fan; rx/tx rates',
  request: { params: IdParams, query: MetricsQuery },
  responses: {
    200: jsonContent(
      z.object({
        from: z.string(),
        to: z.string(),
        step: z.string(),
        series: z.array(SeriesSchema),
      }),
      'Series, at most 1,000 points each.',
    ),
    400: errorResponses[400],
    401: errorResponses[401],
    404: errorResponses[404],
    503: { description: 'Metrics storage unavailable.' },
  },
});

const uptimeRoute = createRoute({
  ...userRoute,
  method: 'get',
  path: '/v1/devices/{id}/uptime',
  summary: 'Share of each day the device reported, in the account time zone, oldest first',
  request: {
    params: IdParams,
    query: z.object({
      days: daysSchema(30),
    }),
  },
  responses: {
    200: jsonContent(
      z.object({
        days: z.array(z.object({ date: z.string(), uptimeRatio: z.number().nullable() })),
      }),
      'Exactly `days` entries; null before the device existed.',
    ),
    400: errorResponses[400],
    401: errorResponses[401],
    404: errorResponses[404],
  },
});

function resolveRange(query: z.infer<typeof MetricsQuery>) {
  const to = query.to ?? new Date();
  const from = query.from ?? new Date(to.getTime() - 3600_000);
  const rangeS = (to.getTime() - from.getTime()) / 1000;
  if (rangeS <= 0) throw ApiError.badRequest('invalid_request', 'from: must be before to');
  if (rangeS > MAX_RANGE_S)
    throw ApiError.badRequest('invalid_request', 'from: the range may span at most 400 days');
  const stepS = query.step ? (parseDuration(query.step) ?? 0) : autoStep(rangeS);
  if (pointsFor(rangeS, stepS) > 1000) {
    throw ApiError.badRequest(
      'invalid_request',
      `step: gives more than 1,000 points for this range; use at least ${autoStep(rangeS)}s`,
    );
  }
  return { from, to, stepS };
}

type UptimeRow = { day: string; day_start: Date; day_end: Date; covered_seconds: number | null };

export const metricsRoutes = createRouter()
  .openapi(metricsRoute, async (c) => {
    const { db, metrics } = c.var.deps;
    const { id } = c.req.valid('param');
    const range = resolveRange(c.req.valid('query'));
    if (!(await findDevice(db, c.var.user.accountId, id))) throw ApiError.notFound('Device');
    if (!metrics)
      throw new ApiError(
        503,
        'metrics_unavailable',
        'Metrics storage is not configured on this server.',
      );
    const series = await queryDeviceMetrics(metrics, id, range);
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
    // Day boundaries in the account's zone come from PostgreSQL's time zone database.
    const { rows } = await sql<UptimeRow>`
      WITH zone AS (SELECT timezone AS tz FROM accounts WHERE id = ${accountId}),
      series AS (
        SELECT generate_series(
          (now() AT TIME ZONE zone.tz)::date - ${days - 1}::int,
          (now() AT TIME ZONE zone.tz)::date,
          interval '1 day') AS local_midnight, zone.tz FROM zone
      )
      SELECT s.local_midnight::date::text AS day,
             s.local_midnight AT TIME ZONE s.tz AS day_start,
             (s.local_midnight + interval '1 day') AT TIME ZONE s.tz AS day_end,
             u.covered_seconds
      FROM series s
      LEFT JOIN device_uptime_days u ON u.device_id = ${id} AND u.day = s.local_midnight::date
      ORDER BY s.local_midnight`.execute(db);
    const now = Date.now();
    const createdAt = device.created_at.getTime();
    return c.json(
      {
        days: rows.map((row) => {
          const start = Math.max(new Date(row.day_start).getTime(), createdAt);
          const end = Math.min(new Date(row.day_end).getTime(), now);
          if (end <= start) return { date: row.day, uptimeRatio: null };
          const ratio = Math.min(1, (row.covered_seconds ?? 0) / ((end - start) / 1000));
          return { date: row.day, uptimeRatio: Math.round(ratio * 10000) / 10000 };
        }),
      },
      200,
    );
  });
