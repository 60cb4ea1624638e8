import { z } from '@hono/zod-openapi';

const lamports = (description: string) =>
  z.string().regex(/^\d+$/).openapi({ description, example: '1250000' });

export const CohortComparisonSchema = z
  .object({
    model: z.string().openapi({ example: 'NVIDIA H100 80GB HBM3' }),
    devicePerGpuHourLamports: lamports("This device's job credits per GPU-hour over 30 days"),
    cohortMedianPerGpuHourLamports: lamports(
      'The median of every device of this model on the platform (this account included)',
    ),
    accounts: z.number().int().openapi({ description: 'Accounts in the cohort, at least 5' }),
    devices: z.number().int().openapi({ description: 'Devices in the cohort' }),
  })
  .openapi('CohortComparison');

export const InsightSchema = z
  .object({
    kind: z.enum(['idle', 'earnings_stalled', 'below_cohort', 'above_cohort']),
    deviceId: z.string(),
    deviceName: z.string(),
    since: z.string().optional().openapi({ description: 'When the condition began' }),
    hours: z.number().int().optional().openapi({ description: 'Whole hours it has held' }),
    message: z.string(),
    cohort: CohortComparisonSchema.optional(),
  })
  .openapi('Insight');

export const InsightsSchema = z.object({ insights: z.array(InsightSchema) }).openapi('Insights');

export const DeviceInsightsSchema = z
  .object({
    insights: z.array(InsightSchema),
    cohort: CohortComparisonSchema.nullable().openapi({
      description:
        'null when fewer than 5 accounts run this model with use in the 30 days, or the device has none',
    }),
  })
  .openapi('DeviceInsights');
