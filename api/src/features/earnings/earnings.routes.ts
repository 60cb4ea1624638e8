import { createRoute, z } from '@hono/zod-openapi';
import { errorResponses, jsonContent, sessionSecurity } from '../../lib/openapi-schemas.js';
import { PageQuery } from '../../lib/paging.js';
import { daysSchema, instantSchema } from '../../lib/validation.js';
import { requireUser } from '../auth/auth.middleware.js';
import { DIFFERENCES_LISTED } from './ledger-rollups.queries.js';

export const Filters = z.object({
  deviceId: z.uuid({ error: 'must be a device id' }).optional(),
  from: instantSchema.optional(),
  to: instantSchema.optional(),
});

const SummarySchema = z
  .object({
    balanceLamports: z.string(),
    todayLamports: z.string(),
    last7dLamports: z.string(),
    last30dLamports: z.string(),
    lifetimeLamports: z.string(),
    pendingPayoutLamports: z.string(),
  })
  .openapi('EarningsSummary');

const EntrySchema = z
  .object({
    id: z.string(),
    at: z.string(),
    kind: z.enum(['job', 'payout', 'adjustment']),
    amountLamports: z.string().openapi({ description: 'signed: payouts are negative' }),
    deviceId: z.string().nullable(),
    jobId: z.string().nullable(),
    payoutId: z.string().nullable(),
    note: z.string().nullable(),
  })
  .openapi('LedgerEntry');

const userRoute = { tags: ['earnings'], security: sessionSecurity, middleware: [requireUser] };

export const summaryRoute = createRoute({
  ...userRoute,
  method: 'get',
  path: '/v1/earnings/summary',
  summary: 'Balance and earnings (lamports, decimal strings)',
  responses: { 200: jsonContent(SummarySchema, 'The summary.'), 401: errorResponses[401] },
});

export const historyRoute = createRoute({
  ...userRoute,
  method: 'get',
  path: '/v1/earnings/history',
  summary: 'Ledger entries, newest first, keyset-paged',
  request: { query: PageQuery.extend(Filters.shape) },
  responses: {
    200: jsonContent(
      z.object({ entries: z.array(EntrySchema), nextCursor: z.string().nullable() }),
      'A page.',
    ),
    400: errorResponses[400],
    401: errorResponses[401],
  },
});

const DaySchema = z
  .object({
    date: z.string().openapi({ description: "YYYY-MM-DD, in the account's time zone" }),
    lamports: z.string(),
    byDevice: z.array(z.object({ deviceId: z.string(), lamports: z.string() })),
  })
  .openapi('EarningsDay');

export const dailyRoute = createRoute({
  ...userRoute,
  method: 'get',
  path: '/v1/earnings/daily',
  summary: 'Earnings per day and device, oldest first, today last',
  description:
    "Exactly `days` days in the account's time zone. Earnings are job credits and adjustments (payouts only lower the balance); `byDevice` lists the devices that earned that day, most first. With `deviceId`, that device's alone.",
  request: {
    query: z.object({
      days: daysSchema(30),
      deviceId: z.uuid({ error: 'must be a device id' }).optional(),
    }),
  },
  responses: {
    200: jsonContent(z.object({ days: z.array(DaySchema) }), 'The days.'),
    400: errorResponses[400],
    401: errorResponses[401],
    404: errorResponses[404],
  },
});

const EfficiencySchema = z.object({
  earnedLamports: z.string().openapi({ description: 'job credits and adjustments in the days' }),
  gpuHours: z.number().openapi({ description: 'GPU-hours measured: GPUs × hours with samples' }),
  kwh: z.number().openapi({ description: 'kWh measured (GPU power integrated)' }),
  lamportsPerGpuHour: z
    .string()
    .nullable()
    .openapi({ description: 'earnedLamports ÷ gpuHours, whole lamports; null without GPU-hours' }),
  lamportsPerKwh: z
    .string()
    .nullable()
    .openapi({ description: 'earnedLamports ÷ kwh, whole lamports; null without energy' }),
});

export const efficiencyRoute = createRoute({
  ...userRoute,
  method: 'get',
  path: '/v1/earnings/efficiency',
  summary: 'Earnings per GPU-hour and per kWh, for the account and each device',
  description:
    "Over the same `days` as /v1/earnings/daily (midnight of the first, in the account's time zone, until now). GPU-hours and kWh come from the hourly energy rows kept at ingest, devices deleted since included; `devices` lists those that earned or ran, most earned first.",
  request: { query: z.object({ days: daysSchema(30) }) },
  responses: {
    200: jsonContent(
      z
        .object({
          from: z.string().openapi({ description: 'start of the days, RFC 3339' }),
          account: EfficiencySchema,
          devices: z.array(EfficiencySchema.extend({ deviceId: z.string() })),
        })
        .openapi('EarningsEfficiency'),
      'The figures.',
    ),
    400: errorResponses[400],
    401: errorResponses[401],
  },
});

export const csvRoute = createRoute({
  ...userRoute,
  method: 'get',
  path: '/v1/earnings/history.csv',
  summary: 'The same entries as CSV (header row, ISO times), streamed',
  request: { query: Filters },
  responses: {
    200: { description: 'CSV.', content: { 'text/csv': { schema: z.string() } } },
    400: errorResponses[400],
    401: errorResponses[401],
  },
});

const RollupDifferenceSchema = z
  .object({
    rollup: z.enum(['device_hours', 'account_hours', 'account_totals']),
    accountId: z.string(),
    deviceId: z.string().nullable(),
    hour: z.string().nullable().openapi({ description: 'the UTC hour, for the hourly rollups' }),
    kind: z.enum(['job', 'payout', 'adjustment']),
    ledgerLamports: z.string().openapi({ description: 'the sum of the ledger entries: the truth' }),
    rollupLamports: z.string(),
  })
  .openapi('LedgerRollupDifference');

export const checkRollupsRoute = createRoute({
  tags: ['earnings'],
  security: [{ adminToken: [] }],
  method: 'post',
  path: '/v1/admin/earnings/rollups/check',
  summary:
    'Recompute the ledger rollups from the ledger; list, and with repair=true mend, differences',
  request: {
    query: z.object({
      accountId: z.uuid({ error: 'must be an account id' }).optional(),
      repair: z.enum(['true', 'false'], { error: 'must be true or false' }).optional(),
    }),
  },
  responses: {
    200: jsonContent(
      z.object({
        differences: z.array(RollupDifferenceSchema),
        total: z
          .number()
          .openapi({ description: `all differences; at most ${DIFFERENCES_LISTED} are listed` }),
        repaired: z.boolean(),
      }),
      'The differences found (before any repair).',
    ),
    400: errorResponses[400],
    401: errorResponses[401],
  },
});
