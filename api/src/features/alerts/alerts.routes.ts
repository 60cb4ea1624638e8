import { createRoute, z } from '@hono/zod-openapi';
import { errorResponses, jsonContent, jsonRequestBody } from '../../lib/openapi-schemas.js';

const text = z.string().max(10_000);

/** Grafana's webhook contact point payload (version 1); only what a notification needs is read. */
const GrafanaAlert = z.object({
  status: z.enum(['firing', 'resolved'], { error: 'must be firing or resolved' }),
  labels: z.record(z.string().max(256), z.string().max(1024)),
  annotations: z.record(z.string().max(256), text).optional(),
  startsAt: z.string().max(64),
  fingerprint: z.string().min(1).max(128),
  generatorURL: text.optional(),
});

const GrafanaWebhook = z.object({
  alerts: z.array(GrafanaAlert).max(1000, { error: 'must hold at most 1000 alerts' }),
});

export const webhookRoute = createRoute({
  tags: ['alerts'],
  security: [{ alertsToken: [] }],
  method: 'post',
  path: '/v1/alerts/grafana',
  summary: "Grafana's webhook contact point: alerts with a `device` label become notifications",
  description:
    'Bearer `ALERTS_TOKEN`. One notification per (fingerprint, startsAt, status): a repeated delivery is ignored, a later re-fire is not.',
  request: { body: jsonRequestBody(GrafanaWebhook) },
  responses: {
    200: jsonContent(
      z.object({ notified: z.number(), duplicates: z.number(), ignored: z.number() }),
      'What became of the alerts.',
    ),
    400: errorResponses[400],
    401: errorResponses[401],
  },
});

export type Alert = z.infer<typeof GrafanaAlert>;
