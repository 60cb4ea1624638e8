import type { NotificationSeverity } from '@ioworker/contract';
import { createRouter } from '../../router.js';
import { findDeviceOwner } from '../devices/devices.queries.js';
import { notify } from '../notifications/notifications.service.js';
import { webhookRoute, type Alert } from './alerts.routes.js';

function severityOf(alert: Alert): NotificationSeverity {
  if (alert.status === 'resolved') return 'info';
  const declared = alert.labels.severity?.toLowerCase();
  return declared === 'critical' || declared === 'info' ? declared : 'warning';
}

/**
 * Only an http(s) runbook is passed on: messages become links in the app, mail and chats, where
 * a `javascript:` or `data:` URL must never appear. Any other value is dropped, not refused, so
 * one odd annotation does not cost Grafana the whole batch.
 */
function runbookLink(value: string | undefined): string | undefined {
  if (!value || !URL.canParse(value)) return undefined;
  const url = new URL(value);
  return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
}

function describe(alert: Alert, deviceName: string) {
  const name = alert.labels.alertname ?? 'Alert';
  const gpu = alert.labels.gpu === undefined ? '' : ` (GPU ${alert.labels.gpu})`;
  const summary = alert.annotations?.summary ?? alert.annotations?.description ?? name;
  const runbook = runbookLink(alert.annotations?.runbook_url);
  return {
    title: `${alert.status === 'firing' ? 'Firing' : 'Resolved'}: ${name} on ${deviceName}${gpu}`,
    message: `${summary}${runbook ? ` Runbook: ${runbook}` : ''}`.slice(0, 2000),
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const alertRoutes = createRouter().openapi(webhookRoute, async (c) => {
  const { db } = c.var.deps;
  const result = { notified: 0, duplicates: 0, ignored: 0 };
  for (const alert of c.req.valid('json').alerts) {
    const deviceId = alert.labels.device;
    const device =
      deviceId && UUID.test(deviceId) ? await findDeviceOwner(db, deviceId) : undefined;
    if (!device) {
      result.ignored += 1;
      continue;
    }
    const created = await notify(db, c.var.deps, {
      accountId: device.account_id,
      deviceId: device.id,
      kind: `alert.${alert.status}`,
      alert: {
        event: 'grafana.alert',
        status: alert.status === 'resolved' ? 'resolved' : 'firing',
      },
      severity: severityOf(alert),
      ...describe(alert, device.name),
      dedupeKey: `grafana:${device.id}:${alert.fingerprint}:${alert.startsAt}:${alert.status}`,
    });
    if (created) result.notified += 1;
    else result.duplicates += 1;
  }
  return c.json(result, 200);
});
