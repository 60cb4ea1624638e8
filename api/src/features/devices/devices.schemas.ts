import { z } from '@hono/zod-openapi';
import { DEVICE_STATES, DEVICE_STATUSES } from '@ioworker/contract';
import { labelSchema } from '../../lib/validation.js';
import { MachineIdSchema } from '../fleet-tokens/fleet-tokens.schemas.js';

export const GpuSchema = z
  .object({
    index: z
      .number({ error: 'must be a number' })
      .int({ error: 'must be a whole number' })
      .min(0, { error: 'must be at least 0' })
      .max(255, { error: 'must be at most 255' }),
    uuid: labelSchema(96).optional(),
    model: labelSchema(128),
    memoryTotalMiB: z
      .number({ error: 'must be a number' })
      .int({ error: 'must be a whole number' })
      .min(0, { error: 'must be at least 0' })
      .max(16_777_216, { error: 'must be at most 16777216' }),
  })
  .openapi('Gpu');

export const DeviceOs = z.enum(['ubuntu', 'windows'], { error: 'must be "ubuntu" or "windows"' });

export const DeviceSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    os: DeviceOs,
    status: z.enum(DEVICE_STATUSES),
    activity: z.enum(['idle', 'busy']).nullable(),
    state: z.enum(DEVICE_STATES).nullable().openapi({
      description:
        'paused (by its owner), maintenance (alerts muted), busy, idle, or inactive (offline over 5 days); null while pending or offline under 5 days',
    }),
    pausedAt: z.string().nullable(),
    hostname: z.string().nullable(),
    lastSeenAt: z.string().nullable(),
    createdAt: z.string(),
    gpus: z.array(GpuSchema),
    temperature: z
      .number()
      .optional()
      .openapi({ description: '°C, hottest GPU of the latest sample' }),
    powerW: z.number().optional().openapi({ description: 'W, summed over GPUs' }),
    utilization: z.number().optional().openapi({ description: '%, mean over GPUs' }),
  })
  .openapi('Device');

export const DeviceDetailsSchema = DeviceSchema.extend({
  services: z.array(z.object({ name: z.string(), up: z.boolean(), checkedAt: z.string() })),
  traffic: z.object({
    rxBytesPerSec: z.number().nullable(),
    txBytesPerSec: z.number().nullable(),
    rxTotal: z.number().nullable(),
    txTotal: z.number().nullable(),
  }),
}).openapi('DeviceDetails');

export const EnrollmentSchema = z
  .object({
    token: z.string().openapi({ description: 'single use; expires at `expiresAt`' }),
    expiresAt: z.string(),
    commands: z.object({
      ubuntu: z.string().openapi({ description: 'run as root on the node' }),
      windows: z.string().openapi({ description: 'run in an elevated PowerShell' }),
    }),
  })
  .openapi('Enrollment');

export const DeviceName = z.object({ name: labelSchema(64) });
export const NewDevice = DeviceName.extend({ os: DeviceOs });

const secretSchema = z
  .string()
  .min(1, { error: 'is required' })
  .max(128, { error: 'must be at most 128 characters' });

/** A single-use `token`, or a `fleetToken` with the machine's id: exactly one of the two. */
export const EnrollRequest = z
  .object({
    token: secretSchema.optional().openapi({ description: 'a single-use enrollment token' }),
    fleetToken: secretSchema
      .optional()
      .openapi({ description: 'a fleet token `iowf_…`; needs `machineId`' }),
    machineId: MachineIdSchema.optional().openapi({
      description: 'with `fleetToken`: the same machine id always enrols the same device',
    }),
    hostname: labelSchema(253),
    os: labelSchema(128).openapi({ example: 'Ubuntu 24.04.1 LTS' }),
    gpus: z.array(GpuSchema).max(64, { error: 'must list at most 64 GPUs' }),
  })
  .superRefine((body, context) => {
    if ((body.token === undefined) === (body.fleetToken === undefined)) {
      context.addIssue({ code: 'custom', path: ['token'], message: 'give token or fleetToken' });
    }
    if (body.fleetToken !== undefined && body.machineId === undefined) {
      context.addIssue({ code: 'custom', path: ['machineId'], message: 'is required' });
    }
  });

export const EnrollResponse = z
  .object({
    deviceId: z.string(),
    credential: z.string().openapi({ description: 'send as `Authorization: Token <credential>`' }),
    ingestUrl: z
      .string()
      .openapi({ description: 'InfluxDB-compatible base URL; writes go to /api/v2/write' }),
  })
  .openapi('Enrolled');
