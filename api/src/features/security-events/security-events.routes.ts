import { createRoute, z } from '@hono/zod-openapi';
import { errorResponses, jsonContent, sessionSecurity } from '../../lib/openapi-schemas.js';
import { PageQuery } from '../../lib/paging.js';
import { requireUser } from '../auth/auth.middleware.js';

const SecurityEventSchema = z
  .object({
    id: z.string(),
    action: z.string().openapi({ example: 'login.failed' }),
    at: z.string(),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    details: z
      .record(z.string(), z.unknown())
      .openapi({ description: 'what the action names, e.g. a token id and name; never a secret' }),
  })
  .openapi('SecurityEvent');

export const listSecurityEventsRoute = createRoute({
  tags: ['me'],
  security: sessionSecurity,
  middleware: [requireUser],
  method: 'get',
  path: '/v1/me/security-events',
  summary: "The account's own security log, newest first",
  description:
    'Sign-ins and failed attempts, sign-outs, password and wallet changes, revoked sessions, created and revoked API tokens.',
  request: { query: PageQuery },
  responses: {
    200: jsonContent(
      z.object({ events: z.array(SecurityEventSchema), nextCursor: z.string().nullable() }),
      'A page of events.',
    ),
    400: errorResponses[400],
    401: errorResponses[401],
  },
});
