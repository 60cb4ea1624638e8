import { z } from '@hono/zod-openapi';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@ioworker/contract';

export const UserSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    createdAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('User');

export const SignedIn = z.object({ user: UserSchema, token: z.string() }).openapi('SignedIn');

export const emailSchema = z
  .email({ error: 'must be an email address' })
  .max(254, { error: 'must be at most 254 characters' })
  .transform((email) => email.toLowerCase());

const tooLong = { error: `must be at most ${PASSWORD_MAX_LENGTH} characters` };

/** A password given to be checked (sign-in, or confirming a sensitive change). */
export const passwordSchema = z.string().max(PASSWORD_MAX_LENGTH, tooLong);

export const newPasswordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, { error: `must be at least ${PASSWORD_MIN_LENGTH} characters` })
  .max(PASSWORD_MAX_LENGTH, tooLong);

export const Credentials = z.object({
  email: z.preprocess((value) => (typeof value === 'string' ? value.trim() : value), emailSchema),
  password: z.string().min(1, { error: 'is required' }).max(PASSWORD_MAX_LENGTH, tooLong),
});

export const Registration = Credentials.extend({ password: newPasswordSchema });
