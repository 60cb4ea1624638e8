import { z } from '@hono/zod-openapi';
import { labelSchema } from '../../lib/validation.js';
import { CHANNEL_KINDS } from './channel-message.js';

export const ChannelSchema = z
  .object({
    id: z.string(),
    kind: z.enum(CHANNEL_KINDS),
    name: z.string(),
    target: z.string().openapi({ description: 'Masked: never the whole address, URL or chat.' }),
    enabled: z.boolean(),
    verified: z.boolean(),
    lastDelivery: z
      .object({ at: z.string(), ok: z.boolean(), error: z.string().nullable() })
      .nullable(),
    createdAt: z.string(),
  })
  .openapi('NotificationChannel');

export const CreatedChannelSchema = ChannelSchema.extend({
  secret: z.string().optional().openapi({ description: 'A webhook’s signing secret, shown once.' }),
  linkUrl: z.string().optional().openapi({ description: 'Telegram: open it and press Start.' }),
}).openapi('CreatedNotificationChannel');

const MAX_URL = 2048;

export const CreateChannelBody = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('email'),
    name: labelSchema(64).optional(),
    target: z
      .email({ error: 'must be an email address' })
      .max(254, { error: 'must be at most 254 characters' })
      .transform((email) => email.toLowerCase()),
  }),
  z.object({ kind: z.literal('telegram'), name: labelSchema(64).optional() }),
  z.object({
    kind: z.enum(['discord', 'slack', 'webhook']),
    name: labelSchema(64).optional(),
    target: z
      .string()
      .trim()
      .min(1)
      .max(MAX_URL, { error: `must be at most ${MAX_URL} characters` }),
  }),
]);

export const UpdateChannelBody = z
  .object({ name: labelSchema(64).optional(), enabled: z.boolean().optional() })
  .refine((body) => body.name !== undefined || body.enabled !== undefined, {
    error: 'give name or enabled',
  });

export const VerifyChannelBody = z.object({
  code: z.string().regex(/^\d{6}$/, { error: 'must be the 6-digit code from the email' }),
});
