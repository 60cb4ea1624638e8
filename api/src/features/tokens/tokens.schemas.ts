import { z } from '@hono/zod-openapi';
import { TOKEN_SCOPES } from '@ioworker/contract';
import { labelSchema } from '../../lib/validation.js';
import { SecondFactorFields } from '../two-factor/two-factor.routes.js';
import { passwordSchema } from '../auth/auth.schemas.js';

const MAX_EXPIRY_DAYS = 365;

const newTokenFields = {
  name: labelSchema(64).openapi({ example: 'grafana-dashboard' }),
  expiresInDays: z
    .number({ error: 'must be a number' })
    .int({ error: 'must be a whole number' })
    .min(1, { error: 'must be at least 1' })
    .max(MAX_EXPIRY_DAYS, { error: `must be at most ${MAX_EXPIRY_DAYS}` })
    .optional()
    .openapi({ description: 'left out: the token never expires' }),
};

/** A `write` token asks for the password again; a `read` one does not. */
export const NewToken = z
  .discriminatedUnion(
    'scope',
    [
      z.object({ ...newTokenFields, scope: z.literal('read') }),
      z.object({
        ...newTokenFields,
        scope: z.literal('write'),
        password: passwordSchema.openapi({ description: "the account's password, again" }),
        ...SecondFactorFields,
      }),
    ],
    { error: 'must be "read" or "write"' },
  )
  .openapi('NewPersonalToken');

export const TokenSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    scope: z.enum(TOKEN_SCOPES),
    preview: z
      .string()
      .openapi({ description: 'its prefix and last four characters', example: 'iowp_…k3q7' }),
    createdAt: z.string(),
    expiresAt: z.string().nullable(),
    lastUsedAt: z
      .string()
      .nullable()
      .openapi({ description: 'to the minute; null until first used' }),
  })
  .openapi('PersonalToken');

export const CreatedTokenSchema = TokenSchema.extend({
  token: z.string().openapi({ description: 'the secret, shown this once; only its hash is kept' }),
}).openapi('CreatedPersonalToken');
