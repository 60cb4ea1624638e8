import { createRoute } from '@hono/zod-openapi';
import {
  errorResponses,
  IdParams,
  jsonContent,
  sessionSecurity,
} from '../../lib/openapi-schemas.js';
import { requireUser } from '../auth/auth.middleware.js';
import { DeviceInsightsSchema, InsightsSchema } from './insights.schemas.js';

export const insightsRoute = createRoute({
  tags: ['insights'],
  security: sessionSecurity,
  middleware: [requireUser],
  method: 'get',
  path: '/v1/insights',
  summary:
    "Under-used devices: idle or earning nothing (the alert rules' conditions), or earning apart from their GPU model's median",
  responses: {
    200: jsonContent(
      InsightsSchema,
      "The account's insights: idle and stalled devices, then cohort findings.",
    ),
    401: errorResponses[401],
  },
});

export const deviceInsightsRoute = createRoute({
  tags: ['insights'],
  security: sessionSecurity,
  middleware: [requireUser],
  method: 'get',
  path: '/v1/devices/{id}/insights',
  summary: "One device's insights and its comparison with its GPU model's cohort",
  request: { params: IdParams },
  responses: {
    200: jsonContent(DeviceInsightsSchema, "The device's insights and cohort comparison."),
    400: errorResponses[400],
    401: errorResponses[401],
    404: errorResponses[404],
  },
});
