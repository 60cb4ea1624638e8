import { z } from '@hono/zod-openapi';
import {
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  passwordProblem,
  type PasswordProblem,
} from '@ioworker/contract';

export const UserSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    createdAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('User');

export const SignedIn = z.object({ user: UserSchema, token: z.string() }).openapi('SignedIn');

export const MfaRequired = z
  .object({
    mfaRequired: z.literal(true),
    mfaToken: z.string().openapi({ description: 'Valid 5 minutes, for 5 tries.' }),
  })
  .openapi('MfaRequired');

export const emailSchema = z
  .email({ error: 'must be an email address' })
  .max(254, { error: 'must be at most 254 characters' })
  .transform((email) => email.toLowerCase());

const tooLong = { error: `must be at most ${PASSWORD_MAX_LENGTH} characters` };

/** A password given to be checked (sign-in, or confirming a sensitive change). */
export const passwordSchema = z.string().max(PASSWORD_MAX_LENGTH, tooLong);

/** What a 400 says, after the field name, about each password rule. */
const PASSWORD_RULES: Record<PasswordProblem, string> = {
  too_short: `must be at least ${PASSWORD_MIN_LENGTH} characters`,
  too_long: tooLong.error,
  control_characters: 'must not contain control characters (such as NUL, tab or a line break)',
  one_character: 'must not be one character repeated',
  same_as_email: 'must not be your email address',
  common: 'is one of the most common passwords; choose one that is harder to guess',
};

/** The rule a new password breaks, as a 400 words it, or undefined when it keeps them all. */
export function newPasswordIssue(password: string, email?: string): string | undefined {
  const problem = passwordProblem(password, email);
  return problem && PASSWORD_RULES[problem];
}

/** A new password; the rule about the email is checked where the email is known. */
export const newPasswordSchema = z
  .string()
  .superRefine((password, ctx) => {
    const issue = newPasswordIssue(password);
    if (issue) ctx.addIssue({ code: 'custom', message: issue });
  })
  .openapi({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH });

export const Credentials = z.object({
  email: z.preprocess((value) => (typeof value === 'string' ? value.trim() : value), emailSchema),
  password: z.string().min(1, { error: 'is required' }).max(PASSWORD_MAX_LENGTH, tooLong),
});

export const Registration = Credentials.extend({ password: newPasswordSchema }).superRefine(
  ({ email, password }, ctx) => {
    // The field checked the other rules; this one needs the email beside it.
    if (passwordProblem(password, email) !== 'same_as_email') return;
    ctx.addIssue({ code: 'custom', path: ['password'], message: PASSWORD_RULES.same_as_email });
  },
);
