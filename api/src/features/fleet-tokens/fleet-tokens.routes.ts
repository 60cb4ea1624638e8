import { createRoute, z } from '@hono/zod-openapi';
import {
  errorResponses,
  IdParams,
  jsonContent,
  jsonRequestBody,
  sessionSecurity,
} from '../../lib/openapi-schemas.js';
import { requireUser } from '../auth/auth.middleware.js';
import { MAX_FLEET_TOKENS_PER_ACCOUNT } from './fleet-tokens.js';
import {
  CreatedFleetTokenSchema,
  FleetTokenSchema,
  NewFleetToken,
} from './fleet-tokens.schemas.js';

const userRoute = { tags: ['fleet tokens'], security: sessionSecurity, middleware: [requireUser] };

export const listFleetTokensRoute = createRoute({
  ...userRoute,
  method: 'get',
  path: '/v1/fleet-tokens',
  summary:
    "The account's fleet enrollment tokens, newest first, with how many devices each enrolled",
  responses: {
    200: jsonContent(
      z.object({ fleetTokens: z.array(FleetTokenSchema) }),
      'The tokens, without secrets; expired ones too.',
    ),
    401: errorResponses[401],
  },
});

export const createFleetTokenRoute = createRoute({
  ...userRoute,
  method: 'post',
  path: '/v1/fleet-tokens',
  summary: 'Create a fleet enrollment token for many machines (shown once)',
  description: `Machines enrol with \`io-worker-collector enroll --fleet-token iowf_…\` (POST /v1/enroll with \`fleetToken\` and \`machineId\`): each machine id becomes one device, at most \`maxDevices\`. At most ${MAX_FLEET_TOKENS_PER_ACCOUNT} tokens per account.`,
  request: { body: jsonRequestBody(NewFleetToken) },
  responses: {
    201: jsonContent(CreatedFleetTokenSchema, 'The token, with its secret this once.'),
    400: errorResponses[400],
    401: errorResponses[401],
    403: errorResponses[403],
    409: errorResponses[409],
  },
});

export const revokeFleetTokenRoute = createRoute({
  ...userRoute,
  method: 'delete',
  path: '/v1/fleet-tokens/{id}',
  summary: 'Revoke a fleet token: no machine can enrol with it any more',
  description: 'Devices already enrolled with it keep working.',
  request: { params: IdParams },
  responses: {
    204: { description: 'Revoked.' },
    400: errorResponses[400],
    401: errorResponses[401],
    403: errorResponses[403],
    404: errorResponses[404],
  },
});
