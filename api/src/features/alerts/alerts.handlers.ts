import { createRoute, z } from '@hono/zod-openapi';
import type { NotificationSeverity } from '../../db/database.js';
import { errorResponses, jsonContent, jsonRequestBody } from '../../lib/openapi-schemas.js';
import { createRouter } from '../../lib/router.js';
import { notify } from '../notifications/notifications.service.js';

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

const webhookRoute = createRoute({
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

type Alert = z.infer<typeof GrafanaAlert>;

function severityOf(alert: Alert): NotificationSeverity {
  if (alert.status === 'resolved') return 'info';
  const declared = alert.labels.severity?.toLowerCase();
  return declared === 'critical' || declared === 'info' ? declared : 'warning';
}

function describe(alert: Alert, deviceName: string) {
  const name = alert.labels.alertname ?? 'Alert';
  const gpu = alert.labels.gpu === undefined ? '' : ` (GPU ${alert.labels.gpu})`;
  const summary = alert.annotations?.summary ?? alert.annotations?.description ?? name;
  const runbook = alert.annotations?.runbook_url
    ? ` Runbook: ${alert.annotations.runbook_url}`
    : '';
  return {
    title: `${alert.status === 'firing' ? 'Firing' : 'Resolved'}: ${name} on ${deviceName}${gpu}`,
    message: `${summary}${runbook}`.slice(0, 2000),
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const alertRoutes = createRouter().openapi(webhookRoute, async (c) => {
  const { db, events } = c.var.deps;
  const result = { notified: 0, duplicates: 0, ignored: 0 };
  for (const alert of c.req.valid('json').alerts) {
    const deviceId = alert.labels.device;
    const device =
      deviceId && UUID.test(deviceId)
        ? await db
            .selectFrom('devices')
            .select(['id', 'account_id', 'name'])
            .where('id', '=', deviceId)
            .where('deleted_at', 'is', null)
            .executeTakeFirst()
        : undefined;
    if (!device) {
      result.ignored += 1;
      continue;
    }
    const created = await notify(db, events, {
      accountId: device.account_id,
      deviceId: device.id,
      kind: `alert.${alert.status}`,
      severity: severityOf(alert),
      ...describe(alert, device.name),
      dedupeKey: `grafana:${device.id}:${alert.fingerprint}:${alert.startsAt}:${alert.status}`,
    });
    if (created) result.notified += 1;
    else result.duplicates += 1;
  }
  return c.json(result, 200);
});
