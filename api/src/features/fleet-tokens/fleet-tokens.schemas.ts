import { z } from '@hono/zod-openapi';
import {
  FLEET_TOKEN_MAX_DEVICES,
  FLEET_TOKEN_MAX_EXPIRY_DAYS,
  FLEET_TOKEN_PREFIX,
  MACHINE_ID_PATTERN,
} from '@ioworker/contract';
import { labelSchema } from '../../lib/validation.js';

function wholeNumber(min: number, max: number) {
  return z
    .number({ error: 'must be a number' })
    .int({ error: 'must be a whole number' })
    .min(min, { error: `must be at least ${min}` })
    .max(max, { error: `must be at most ${max}` });
}

export const NewFleetToken = z
  .object({
    name: labelSchema(64).openapi({ example: 'k8s-cluster-eu' }),
    maxDevices: wholeNumber(1, FLEET_TOKEN_MAX_DEVICES).openapi({
      description: 'how many machines may enrol with it',
    }),
    expiresInDays: wholeNumber(1, FLEET_TOKEN_MAX_EXPIRY_DAYS),
  })
  .openapi('NewFleetToken');

export const FleetTokenSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    preview: z.string().openapi({
      description: 'its prefix and last four characters',
      example: `${FLEET_TOKEN_PREFIX}…k3q7`,
    }),
    maxDevices: z.number(),
    usedDevices: z.number().openapi({ description: 'devices enrolled with it and not deleted' }),
    createdAt: z.string(),
    expiresAt: z.string().openapi({ description: 'in the past once it has expired' }),
  })
  .openapi('FleetToken');

export const CreatedFleetTokenSchema = FleetTokenSchema.extend({
  token: z.string().openapi({ description: 'the secret, shown this once; only its hash is kept' }),
  enrollCommand: z.string().openapi({
    description: 'what a machine with the collector installed runs to enrol',
    example: 'io-worker-collector enroll --api https://api.example.com --fleet-token iowf_…',
  }),
}).openapi('CreatedFleetToken');

/** Bounded, so that it can be a key and an audit detail. */
export const MachineIdSchema = z
  .string()
  .trim()
  .regex(MACHINE_ID_PATTERN, {
    error: 'must be 8 to 128 letters, digits, ".", "_", ":" or "-" (e.g. /etc/machine-id)',
  })
  .openapi({ example: '4c4c4544004d3510804cb4c04f565931' });
