import { createRoute, z } from '@hono/zod-openapi';
import { errorResponses, jsonRequestBody, sessionSecurity } from '../../lib/openapi-schemas.js';
import { requireUser } from '../auth/auth.middleware.js';
import { emailSchema, newPasswordSchema, passwordSchema } from '../auth/auth.schemas.js';
import { SecondFactorFields } from '../two-factor/two-factor.routes.js';
import { sessionOnly } from '../auth/session-only.js';

const trimmedEmail = z.preprocess(
  (value) => (typeof value === 'string' ? value.trim() : value),
  emailSchema,
);
const EmailedToken = z.object({
  token: z
    .string()
    .min(1, { error: 'is required' })
    .max(128, { error: 'is not a token from our mail' })
    .openapi({ description: 'The `token` of the link in the mail.' }),
});
const accepted = { 202: { description: 'Accepted; the mail is on its way.' } };
const done = { 204: { description: 'Done.' } };
const userRoute = { security: sessionSecurity, middleware: [requireUser] };

export const verifyEmailRoute = createRoute({
  method: 'post',
  path: '/v1/auth/verify-email',
  tags: ['auth'],
  summary: 'Confirm the account address from the link mailed to it',
  request: { body: jsonRequestBody(EmailedToken) },
  responses: { ...done, 400: errorResponses[400] },
});

export const resendVerificationRoute = createRoute({
  ...userRoute,
  method: 'post',
  path: '/v1/auth/verify-email/resend',
  tags: ['auth'],
  summary: 'Mail the verification link again (3 an hour)',
  responses: {
    ...accepted,
    401: errorResponses[401],
    409: errorResponses[409],
    429: errorResponses[429],
  },
});

export const requestPasswordResetRoute = createRoute({
  method: 'post',
  path: '/v1/auth/password-reset',
  tags: ['auth'],
  summary: 'Mail a password reset link (the same answer whether or not the address has an account)',
  request: { body: jsonRequestBody(z.object({ email: trimmedEmail })) },
  responses: { ...accepted, 400: errorResponses[400], 429: errorResponses[429] },
});

export const confirmPasswordResetRoute = createRoute({
  method: 'post',
  path: '/v1/auth/password-reset/confirm',
  tags: ['auth'],
  summary: 'Set a new password with the mailed token; every session ends',
  request: { body: jsonRequestBody(EmailedToken.extend({ newPassword: newPasswordSchema })) },
  responses: { ...done, 400: errorResponses[400] },
});

export const requestEmailChangeRoute = createRoute({
  ...userRoute,
  ...sessionOnly,
  method: 'post',
  path: '/v1/me/email',
  tags: ['me'],
  summary: 'Change the address: confirmed from the new one, announced to the old one',
  request: {
    body: jsonRequestBody(
      z.object({ newEmail: trimmedEmail, password: passwordSchema, ...SecondFactorFields }),
    ),
  },
  responses: {
    ...accepted,
    400: errorResponses[400],
    401: errorResponses[401],
    403: errorResponses[403],
    409: errorResponses[409],
    429: errorResponses[429],
  },
});

export const confirmEmailChangeRoute = createRoute({
  method: 'post',
  path: '/v1/auth/email-change/confirm',
  tags: ['auth'],
  summary: 'Confirm a new address with the token mailed to it',
  request: { body: jsonRequestBody(EmailedToken) },
  responses: { ...done, 400: errorResponses[400], 409: errorResponses[409] },
});

export const endSessionRoute = createRoute({
  method: 'post',
  path: '/v1/auth/sessions/end',
  tags: ['auth'],
  summary: 'End the session a new-sign-in alert is about, with the token of its link',
  request: { body: jsonRequestBody(EmailedToken) },
  responses: { ...done, 400: errorResponses[400] },
});

export const adminVerifyEmailRoute = createRoute({
  method: 'post',
  path: '/v1/admin/accounts/email-verified',
  tags: ['admin'],
  security: [{ adminToken: [] }],
  summary: "Mark an account's address verified (support, the demo account)",
  request: { body: jsonRequestBody(z.object({ email: trimmedEmail })) },
  responses: {
    ...done,
    400: errorResponses[400],
    401: errorResponses[401],
    404: errorResponses[404],
  },
});
