import { z } from '@hono/zod-openapi';
import { ALERT_EVENT_NAMES } from './alert-events.js';

const HHMM = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'must be HH:MM (00:00–23:59)' });
const event = z.enum(ALERT_EVENT_NAMES as [string, ...string[]]);
const channelIds = z
  .array(z.uuid({ error: 'must be channel ids' }))
  .max(20)
  .nullable()
  .openapi({ description: 'The channels the event goes to; null: every channel.' });

const params = z
  .record(z.string().max(40), z.number().int({ error: 'must be whole numbers' }))
  .refine((value) => Object.keys(value).length <= 10, { error: 'at most 10 params' })
  .openapi({
    description: "The event's thresholds, e.g. `{forMinutes: 10}`; see `paramSpecs` for each one.",
  });

const ParamSpecSchema = z.object({
  label: z.string(),
  unit: z.enum(['min', 'h', '°C']),
  min: z.number(),
  max: z.number(),
  default: z.number(),
});

export const QuietHoursSchema = z
  .object({ start: HHMM, end: HHMM })
  .nullable()
  .openapi({ description: "In the account's time zone; non-critical alerts wait until the end." });

export const RuleSchema = z
  .object({
    event,
    description: z.string(),
    security: z.boolean().openapi({ description: 'Always sent to every channel; cannot be off.' }),
    enabled: z.boolean(),
    channelIds,
    params: z.record(z.string(), z.number()).openapi({
      description: 'Every param of the event, with the value that applies.',
    }),
    paramSpecs: z.record(z.string(), ParamSpecSchema),
  })
  .openapi('NotificationRule');

export const RulesSchema = z
  .object({ rules: z.array(RuleSchema), quietHours: QuietHoursSchema })
  .openapi('NotificationRules');

export const PutRulesBody = z.object({
  rules: z
    .array(z.object({ event, enabled: z.boolean(), channelIds, params: params.optional() }))
    .max(50),
  quietHours: QuietHoursSchema,
});

export const DeviceOverrideSchema = z.object({
  event,
  enabled: z.boolean().optional(),
  channelIds: channelIds.optional(),
  params: params.optional(),
});

export const DeviceRulesSchema = z
  .object({
    overrides: z.array(DeviceOverrideSchema),
    effective: z.array(RuleSchema),
    mutedUntil: z.string().nullable(),
  })
  .openapi('DeviceNotificationRules');

export const PutDeviceRulesBody = z.object({ rules: z.array(DeviceOverrideSchema).max(50) });

export const MuteBody = z.object({
  until: z.iso.datetime({ offset: true, error: 'must be an RFC 3339 time' }),
});
