import { createRoute, z } from '@hono/zod-openapi';
import { requireUser } from './auth.middleware.js';
import {
  errorResponses,
  jsonRequestBody,
  jsonContent,
  sessionSecurity,
} from '../../lib/openapi-schemas.js';

export const UserSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    createdAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('User');

const SignedIn = z.object({ user: UserSchema, token: z.string() }).openapi('SignedIn');

export const emailSchema = z
  .email({ error: 'must be an email address' })
  .max(254, { error: 'must be at most 254 characters' })
  .transform((email) => email.toLowerCase());

export const newPasswordSchema = z
  .string()
  .min(10, { error: 'must be at least 10 characters' })
  .max(256, { error: 'must be at most 256 characters' });

const Credentials = z.object({
  email: z.preprocess((value) => (typeof value === 'string' ? value.trim() : value), emailSchema),
  password: z
    .string()
    .min(1, { error: 'is required' })
    .max(256, { error: 'must be at most 256 characters' }),
});

const Registration = Credentials.extend({ password: newPasswordSchema });

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
  summary: 'Sign in',
  request: { body: jsonRequestBody(Credentials) },
  responses: {
    200: jsonContent(SignedIn, 'Signed in; the session cookie is set.'),
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
  security: sessionSecurity,
  middleware: [requireUser],
  responses: {
    204: { description: 'Signed out.' },
    401: errorResponses[401],
    403: errorResponses[403],
  },
});
