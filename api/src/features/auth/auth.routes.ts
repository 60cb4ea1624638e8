import { createRoute, z } from '@hono/zod-openapi';
import { errorResponses, jsonRequestBody, jsonContent } from '../../lib/openapi-schemas.js';
import { sessionOnly } from './session-only.js';
import { Credentials, MfaRequired, Registration, SignedIn } from './auth.schemas.js';

export const registerRoute = createRoute({
  method: 'post',
  path: '/v1/auth/register',
  tags: ['auth'],
  summary: 'Create an account and sign in',
  request: { body: jsonRequestBody(Registration) },
  responses: {
    201: jsonContent(SignedIn, 'Account created; the session cookie is set.'),
    400: errorResponses[400],
    403: errorResponses[403],
    409: errorResponses[409],
    429: errorResponses[429],
  },
});

export const loginRoute = createRoute({
  method: 'post',
  path: '/v1/auth/login',
  tags: ['auth'],
  summary: 'Sign in; with 2FA on, the first of two steps',
  request: { body: jsonRequestBody(Credentials) },
  responses: {
    200: jsonContent(
      z.union([SignedIn, MfaRequired]),
      'Signed in, the session cookie set; or, with 2FA on, `mfaRequired` and the token for POST /v1/auth/login/2fa.',
    ),
    400: errorResponses[400],
    401: errorResponses[401],
    403: errorResponses[403],
    429: errorResponses[429],
  },
});

export const logoutRoute = createRoute({
  method: 'post',
  path: '/v1/auth/logout',
  tags: ['auth'],
  summary: 'End this session everywhere',
  ...sessionOnly,
  responses: {
    204: { description: 'Signed out.' },
    401: errorResponses[401],
    403: errorResponses[403],
  },
});
