import { createRoute, z } from '@hono/zod-openapi';
import {
  errorResponses,
  IdParams,
  jsonContent,
  jsonRequestBody,
  sessionSecurity,
} from '../../lib/openapi-schemas.js';
import { requireUser } from '../auth/auth.middleware.js';
import { passwordSchema, SignedIn } from '../auth/auth.schemas.js';
import { sessionOnly } from '../auth/session-only.js';
import { SecondFactorFields } from '../two-factor/two-factor.routes.js';
import {
  AuthenticationResponse,
  CreationOptions,
  NewPasskey,
  PasskeySchema,
  RequestOptions,
} from './passkeys.schemas.js';

const userRoute = { tags: ['passkeys'], security: sessionSecurity, middleware: [requireUser] };
const mfaToken = z
  .string()
  .min(1)
  .max(128)
  .openapi({ description: 'from POST /v1/auth/login: this passkey is its second step' });

export const registrationOptionsRoute = createRoute({
  ...userRoute,
  ...sessionOnly,
  method: 'post',
  path: '/v1/me/passkeys/options',
  summary:
    'Options to create a passkey with navigator.credentials.create(): the password, and with two-factor on a second factor, first',
  request: {
    body: jsonRequestBody(z.object({ password: passwordSchema, ...SecondFactorFields })),
  },
  responses: {
    200: jsonContent(CreationOptions, 'The creation options.'),
    400: errorResponses[400],
    401: errorResponses[401],
    403: errorResponses[403],
    409: errorResponses[409],
    429: errorResponses[429],
  },
});

export const addPasskeyRoute = createRoute({
  ...userRoute,
  ...sessionOnly,
  method: 'post',
  path: '/v1/me/passkeys',
  summary: 'Register the passkey the browser created; two-factor is on from then on',
  request: { body: jsonRequestBody(NewPasskey) },
  responses: {
    201: jsonContent(PasskeySchema, 'The passkey.'),
    400: errorResponses[400],
    401: errorResponses[401],
    403: errorResponses[403],
    409: errorResponses[409],
  },
});

export const listPasskeysRoute = createRoute({
  ...userRoute,
  method: 'get',
  path: '/v1/me/passkeys',
  summary: "The account's passkeys, newest first",
  responses: {
    200: jsonContent(z.object({ passkeys: z.array(PasskeySchema) }), 'The passkeys.'),
    401: errorResponses[401],
  },
});

export const removePasskeyRoute = createRoute({
  ...userRoute,
  ...sessionOnly,
  method: 'delete',
  path: '/v1/me/passkeys/{id}',
  summary: 'Remove a passkey: the password, and with two-factor on a code or passkey assertion',
  request: {
    params: IdParams,
    body: jsonRequestBody(z.object({ password: passwordSchema, ...SecondFactorFields })),
  },
  responses: {
    204: { description: 'Removed; it no longer signs in.' },
    400: errorResponses[400],
    401: errorResponses[401],
    403: errorResponses[403],
    404: errorResponses[404],
    429: errorResponses[429],
  },
});

export const assertionOptionsRoute = createRoute({
  ...userRoute,
  ...sessionOnly,
  method: 'post',
  path: '/v1/me/passkeys/assertion-options',
  summary: "Options to sign a sensitive change with one of the account's passkeys",
  description:
    'The response of navigator.credentials.get() is the `assertion` that PUT /v1/wallet, DELETE /v1/me/2fa/totp and the other changes guarded by two-factor accept instead of a `code`.',
  responses: {
    200: jsonContent(RequestOptions, 'The request options.'),
    401: errorResponses[401],
    403: errorResponses[403],
    409: errorResponses[409],
  },
});

export const signInOptionsRoute = createRoute({
  method: 'post',
  path: '/v1/auth/passkey/options',
  tags: ['auth'],
  summary: 'Options to sign in with a passkey (navigator.credentials.get())',
  description:
    "Without `mfaToken`: a passwordless sign-in, the browser offers its passkeys for this site. With it: the second step of a password sign-in, with that account's passkeys.",
  request: {
    body: {
      required: false,
      content: { 'application/json': { schema: z.object({ mfaToken: mfaToken.optional() }) } },
    },
  },
  responses: {
    200: jsonContent(RequestOptions, 'The request options.'),
    400: errorResponses[400],
    401: errorResponses[401],
    403: errorResponses[403],
    409: errorResponses[409],
  },
});

export const passkeySignInRoute = createRoute({
  method: 'post',
  path: '/v1/auth/passkey',
  tags: ['auth'],
  summary: 'Sign in with a passkey, passwordless or as the second step after the password',
  request: {
    body: jsonRequestBody(
      z.object({ response: AuthenticationResponse, mfaToken: mfaToken.optional() }),
    ),
  },
  responses: {
    200: jsonContent(SignedIn, 'Signed in; the session cookie is set.'),
    400: errorResponses[400],
    401: errorResponses[401],
    403: errorResponses[403],
    429: errorResponses[429],
  },
});
