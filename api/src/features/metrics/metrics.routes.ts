import { createRoute, z } from '@hono/zod-openapi';
import {
  errorResponses,
  IdParams,
  jsonContent,
  sessionSecurity,
} from '../../lib/openapi-schemas.js';
import { daysSchema, instantSchema } from '../../lib/validation.js';
import { requireUser } from '../auth/auth.middleware.js';
import { MAX_STEP_S, parseDuration } from './range.js';

export const MetricsQuery = z.object({
  from: instantSchema.optional(),
  to: instantSchema.optional(),
  step: z
    .string()
    .refine(
      (value) => {
        const seconds = parseDuration(value) ?? 0;
        return seconds >= 1 && seconds <= MAX_STEP_S;
      },
      { error: 'must be a duration from 1s to 400d, like 10s, 1m, 1h or 1d' },
    )
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

export const metricsRoute = createRoute({
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

export const uptimeRoute = createRoute({
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
