import { createRoute, z } from '@hono/zod-openapi';
import {
  errorResponses,
  IdParams,
  jsonContent,
  jsonRequestBody,
  sessionSecurity,
} from '../../lib/openapi-schemas.js';
import { requireUser } from '../auth/auth.middleware.js';
import { sessionOnly } from '../auth/session-only.js';
import { MAX_TOKENS_PER_ACCOUNT } from './personal-tokens.js';
import { CreatedTokenSchema, NewToken, TokenSchema } from './tokens.schemas.js';

const userRoute = { tags: ['tokens'], security: sessionSecurity, middleware: [requireUser] };

export const listTokensRoute = createRoute({
  ...userRoute,
  method: 'get',
  path: '/v1/me/tokens',
  summary: "The account's personal API tokens, newest first (expired ones are gone)",
  responses: {
    200: jsonContent(z.object({ tokens: z.array(TokenSchema) }), 'The tokens, without secrets.'),
    401: errorResponses[401],
  },
});

export const createTokenRoute = createRoute({
  ...userRoute,
  ...sessionOnly,
  method: 'post',
  path: '/v1/me/tokens',
  summary: 'Create a personal API token (shown once)',
  description: `Use it as \`Authorization: Bearer iowp_…\`. A \`read\` token opens only GET routes; no token can change the password, email, two-factor, tokens or the wallet, or sign out. A \`write\` token needs the password again (limited like sign-ins). At most ${MAX_TOKENS_PER_ACCOUNT} tokens per account.`,
  request: { body: jsonRequestBody(NewToken) },
  responses: {
    201: jsonContent(CreatedTokenSchema, 'The token, with its secret this once.'),
    400: errorResponses[400],
    401: errorResponses[401],
    403: errorResponses[403],
    409: errorResponses[409],
    429: errorResponses[429],
  },
});

export const revokeTokenRoute = createRoute({
  ...userRoute,
  ...sessionOnly,
  method: 'delete',
  path: '/v1/me/tokens/{id}',
  summary: 'Revoke a personal API token; it stops working at once',
  request: { params: IdParams },
  responses: {
    204: { description: 'Revoked.' },
    400: errorResponses[400],
    401: errorResponses[401],
    403: errorResponses[403],
    404: errorResponses[404],
  },
});
