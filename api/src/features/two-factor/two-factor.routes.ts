import { createRoute, z } from '@hono/zod-openapi';
import {
  errorResponses,
  jsonContent,
  jsonRequestBody,
  sessionSecurity,
} from '../../lib/openapi-schemas.js';
import { requireUser } from '../auth/auth.middleware.js';
import { sessionOnly } from '../auth/session-only.js';
import { passwordSchema, SignedIn } from '../auth/auth.schemas.js';
import { AuthenticationResponse } from '../passkeys/passkeys.schemas.js';

const code = z
  .string()
  .trim()
  .regex(/^\d{6}$/, { error: 'must be the 6 digits your authenticator app shows' });
const recoveryCode = z.string().trim().min(1).max(32);
/**
 * A second factor: a code, one of the recovery codes, or a passkey's assertion (the answer to
 * the options of POST /v1/me/passkeys/assertion-options; every field of it is bounded).
 */
export const SecondFactorFields = {
  code: code.optional(),
  recoveryCode: recoveryCode.optional(),
  assertion: AuthenticationResponse.optional(),
};

const userRoute = { security: sessionSecurity, middleware: [requireUser], tags: ['2fa'] };
const RecoveryCodes = z
  .object({ recoveryCodes: z.array(z.string()).openapi({ description: 'Shown once.' }) })
  .openapi('RecoveryCodes');

export const getTwoFactorRoute = createRoute({
  ...userRoute,
  method: 'get',
  path: '/v1/me/2fa',
  summary: 'Whether TOTP is on, and how many recovery codes are left',
  responses: {
    200: jsonContent(
      z.object({ totp: z.boolean(), recoveryCodesLeft: z.number().int() }),
      'The state.',
    ),
    401: errorResponses[401],
  },
});

export const startTotpRoute = createRoute({
  ...userRoute,
  ...sessionOnly,
  method: 'post',
  path: '/v1/me/2fa/totp',
  summary:
    'Start TOTP set-up (the password, and with a passkey a second factor): a key to scan; nothing changes until a first code confirms it',
  request: { body: jsonRequestBody(z.object({ password: passwordSchema, ...SecondFactorFields })) },
  responses: {
    201: jsonContent(
      z.object({ secret: z.string(), otpauthUrl: z.string() }).openapi('TotpSetup'),
      'The key (base32) and its otpauth:// URL for a QR code.',
    ),
    400: errorResponses[400],
    401: errorResponses[401],
    403: errorResponses[403],
    409: errorResponses[409],
    429: errorResponses[429],
  },
});

export const confirmTotpRoute = createRoute({
  ...userRoute,
  ...sessionOnly,
  method: 'post',
  path: '/v1/me/2fa/totp/confirm',
  summary: 'Turn TOTP on with a first code; answers the 10 recovery codes, once',
  request: { body: jsonRequestBody(z.object({ code })) },
  responses: {
    200: jsonContent(RecoveryCodes, 'TOTP is on.'),
    400: errorResponses[400],
    401: errorResponses[401],
    409: errorResponses[409],
  },
});

export const disableTotpRoute = createRoute({
  ...userRoute,
  ...sessionOnly,
  method: 'delete',
  path: '/v1/me/2fa/totp',
  summary: 'Turn 2FA off: the password and a code (or a recovery code)',
  request: { body: jsonRequestBody(z.object({ password: passwordSchema, ...SecondFactorFields })) },
  responses: {
    204: { description: '2FA is off; the recovery codes are gone.' },
    400: errorResponses[400],
    401: errorResponses[401],
    403: errorResponses[403],
    429: errorResponses[429],
  },
});

export const newRecoveryCodesRoute = createRoute({
  ...userRoute,
  ...sessionOnly,
  method: 'post',
  path: '/v1/me/2fa/recovery-codes',
  summary: 'Replace the recovery codes: the password and a code',
  request: { body: jsonRequestBody(z.object({ password: passwordSchema, ...SecondFactorFields })) },
  responses: {
    200: jsonContent(RecoveryCodes, 'The new codes; the old ones no longer work.'),
    400: errorResponses[400],
    401: errorResponses[401],
    403: errorResponses[403],
    409: errorResponses[409],
    429: errorResponses[429],
  },
});

export const loginSecondStepRoute = createRoute({
  method: 'post',
  path: '/v1/auth/login/2fa',
  tags: ['auth'],
  summary: 'The second step of a sign-in with 2FA on: the mfaToken and a code or recovery code',
  request: {
    body: jsonRequestBody(
      z.object({ mfaToken: z.string().min(1).max(128), ...SecondFactorFields }),
    ),
  },
  responses: {
    200: jsonContent(SignedIn, 'Signed in; the session cookie is set.'),
    400: errorResponses[400],
    401: errorResponses[401],
    429: errorResponses[429],
  },
});
