import { createRoute, z } from '@hono/zod-openapi';
import { decimalSchema } from '../../lib/decimal.js';
import {
  errorResponses,
  IdParams,
  jsonContent,
  jsonRequestBody,
  sessionSecurity,
} from '../../lib/openapi-schemas.js';
import { daysSchema } from '../../lib/validation.js';
import { requireUser } from '../auth/auth.middleware.js';

const fiat = (description: string) =>
  z.string().openapi({ description: `${description}; a decimal string, 2–6 places` });

const fiatOrNull = (description: string) =>
  z
    .string()
    .nullable()
    .openapi({ description: `${description}; a decimal string, 2–6 places, or null` });

/** The figures shared by the measured and the estimated answer. */
const figures = {
  revenuePerDay: fiatOrNull(
    '`currency` per day earned; null when the account has no SOL price to convert lamports',
  ),
  revenueLamportsPerDay: z.string().nullable().openapi({
    description: 'lamports per day, an integer string; null for estimates (fiat rate card)',
    example: '1500000000',
  }),
  powerKwhPerDay: z.number().openapi({ description: 'kWh per day, 6 decimal places at most' }),
  powerCostPerDay: fiat('`currency` per day spent on electricity: kWh × electricity price'),
  profitPerDay: fiatOrNull('`currency` per day: revenuePerDay − powerCostPerDay'),
  profitPerMonth: fiatOrNull('`currency` per 30-day month: profitPerDay × 30'),
  breakEvenElectricityPrice: fiatOrNull(
    '`currency` per kWh at which profit is zero (revenue per kWh); null without energy or revenue',
  ),
  currency: z.string().openapi({ description: 'ISO 4217 code of every fiat figure' }),
};

const notes = z.array(z.string()).openapi({ description: 'Why a figure is null or zero.' });

const MeasuredBasis = z.object({
  from: z.string().openapi({ description: 'window start, RFC 3339' }),
  to: z.string().openapi({ description: 'window end (now), RFC 3339' }),
  days: z.number().openapi({ description: 'window length in days; per-day figures divide by it' }),
  intervalS: z.number().openapi({
    description: 's, the reporting interval; a pause over 3 intervals counts as no energy',
  }),
  hoursCovered: z.number().openapi({ description: 'h of the window with power data' }),
  kwh: z.number().openapi({ description: 'kWh measured in the window (to 1 mWh)' }),
  counterKwh: z.number().nullable().openapi({
    description:
      "kWh by the GPUs' own energy counters (NVML, `energy_mj`) in the window, to 1 Wh; null where no GPU reports one. Not forced to agree with kwh: it also counts power drawn while no samples were sent",
  }),
  busyHours: z.number().openapi({
    description: 'h of the window in which any GPU ran at 10 % utilization or more',
  }),
  samples: z.number().openapi({ description: 'power samples read, all GPUs' }),
  gpus: z.number().openapi({ description: 'GPUs with power samples' }),
  electricityPrice: z.string().openapi({ description: '`currency` per kWh (account setting)' }),
  solPrice: z.string().nullable().openapi({ description: '`currency` per SOL (account setting)' }),
  revenueLamports: z.string().openapi({
    description: 'lamports credited to the device in the window (job and adjustment entries)',
  }),
  notes,
});

const EstimateBasis = z.object({
  gpuModel: z.string().openapi({ description: 'the model as given' }),
  rateCard: z.object({
    model: z.string(),
    usdPerGpuHour: z.string().openapi({ description: 'USD per GPU-hour rented, indicative' }),
    powerW: z.number().openapi({ description: 'W, typical board power' }),
    source: z.string(),
    updated: z.string().openapi({ description: 'date of the rate card' }),
  }),
  gpuCount: z.number(),
  powerW: z.number().openapi({ description: 'W per GPU used for the estimate' }),
  powerSource: z.enum(['rate_card', 'request']),
  hoursPerDay: z.number().openapi({ description: 'h per day rented and drawing powerW' }),
  electricityPrice: z.string().openapi({ description: 'USD per kWh' }),
  kwh: z.number().openapi({ description: 'kWh per day' }),
  notes,
});

export const DeviceProfitabilitySchema = z
  .object({ ...figures, basis: MeasuredBasis })
  .openapi('DeviceProfitability');

export const ProfitabilityEstimateSchema = z
  .object({ ...figures, basis: EstimateBasis })
  .openapi('ProfitabilityEstimate');

/** A non-negative quantity given as a JSON number or a decimal string, kept as exact text. */
function quantity(field: { max: number; positive?: boolean; example: number }) {
  return z
    .union([z.string(), z.number()], { error: 'must be a number' })
    .transform((value) => String(value).trim())
    .refine((value) => /^\d{1,6}(\.\d{1,6})?$/.test(value), {
      error: 'must be a non-negative number with at most 6 decimal places',
    })
    .refine((value) => Number(value) <= field.max, { error: `must be at most ${field.max}` })
    .refine((value) => !field.positive || Number(value) > 0, { error: 'must be more than 0' })
    .openapi({ type: 'number', example: field.example });
}

const EstimateBody = z
  .strictObject({
    gpuModel: z
      .string()
      .trim()
      .min(1, { error: 'must name a GPU model like "RTX 4090"' })
      .max(100, { error: 'must be at most 100 characters' })
      .openapi({ example: 'NVIDIA GeForce RTX 4090' }),
    gpuCount: z
      .number({ error: 'must be a whole number from 1 to 64' })
      .int({ error: 'must be a whole number from 1 to 64' })
      .min(1, { error: 'must be at least 1' })
      .max(64, { error: 'must be at most 64' })
      .openapi({ example: 2 }),
    powerW: quantity({ max: 3000, positive: true, example: 420 }).optional().openapi({
      description:
        'W drawn per GPU (number or decimal string); the rate card’s board power when left out',
    }),
    electricityPrice: decimalSchema.openapi({ description: 'USD per kWh', example: '0.15' }),
    hoursPerDay: quantity({ max: 24, example: 20 }).openapi({
      description:
        'h per day the GPUs are rented and drawing power, 0–24 (number or decimal string)',
    }),
  })
  .openapi('ProfitabilityEstimateRequest');

export const deviceProfitabilityRoute = createRoute({
  tags: ['profitability'],
  security: sessionSecurity,
  middleware: [requireUser],
  method: 'get',
  path: '/v1/devices/{id}/profitability',
  summary: 'Profitability of a device from its measured power and its earnings',
  description:
    'Energy integrates the per-GPU `power_w` samples (trapezoids, kept by UTC hour as samples arrive); a pause longer than three reporting intervals adds nothing. Revenue is the job and adjustment ledger entries of the device in the window. Per-day figures are totals divided by the whole window (`basis.days`), data or not, so downtime lowers them as it lowers real income; `basis.hoursCovered` says how much of the window had data.',
  request: {
    params: IdParams,
    query: z.object({
      days: daysSchema(7).openapi({ description: 'window length: the last `days` × 24 h, 1–90' }),
    }),
  },
  responses: {
    200: jsonContent(DeviceProfitabilitySchema, 'Figures and what they rest on.'),
    400: errorResponses[400],
    401: errorResponses[401],
    404: errorResponses[404],
    503: { description: 'Metrics storage (InfluxDB) not configured or unavailable.' },
  },
});

export const estimateRoute = createRoute({
  tags: ['profitability'],
  method: 'post',
  path: '/v1/profitability/estimate',
  summary: 'Estimated profitability of GPUs from the rate card (USD)',
  description:
    'Anyone may ask. Revenue per day = rate card USD per GPU-hour × gpuCount × hoursPerDay; energy = powerW × gpuCount × hoursPerDay. Figures are indicative.',
  request: { body: jsonRequestBody(EstimateBody) },
  responses: {
    200: jsonContent(ProfitabilityEstimateSchema, 'One day of the given GPUs, in USD.'),
    400: errorResponses[400],
  },
});
