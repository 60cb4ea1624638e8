import type { Context } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { ApiError } from '../../lib/api-error.js';
import { createRouter } from '../../router.js';
import { recordAudit } from '../audit/audit.js';
import { MISSED_INTERVALS } from '../status/device-connection.js';
import { toDevice } from './device.presenter.js';
import {
  pauseDeviceRoute,
  resumeDeviceRoute,
  SCHEDULABLE_PAGE,
  schedulableDevicesRoute,
} from './device-lifecycle.routes.js';
import { listSchedulableDevices, setDevicePaused } from './devices.queries.js';

/** Pauses or resumes the device, audited; the change goes out live as `device.state`. */
async function setPaused(c: Context<AppEnv>, deviceId: string, paused: boolean) {
  const { db, events } = c.var.deps;
  const { accountId } = c.var.user;
  const row = await db.transaction().execute(async (trx) => {
    const found = await setDevicePaused(trx, accountId, deviceId, paused);
    const action = paused ? 'device.paused' : 'device.resumed';
    if (found) await recordAudit(trx, c, { action, accountId, deviceId });
    return found;
  });
  if (!row) throw ApiError.notFound('Device');
  const device = toDevice(row);
  await events.publish(accountId, {
    type: 'device.state',
    data: { deviceId, state: device.state, pausedAt: device.pausedAt },
  });
  return c.json(device, 200);
}

export const deviceLifecycleRoutes = createRouter()
  .openapi(pauseDeviceRoute, (c) => setPaused(c, c.req.valid('param').id, true))
  .openapi(resumeDeviceRoute, (c) => setPaused(c, c.req.valid('param').id, false))
  .openapi(schedulableDevicesRoute, async (c) => {
    const { after } = c.req.valid('query');
    const rows = await listSchedulableDevices(c.var.deps.db, {
      afterId: after,
      limit: SCHEDULABLE_PAGE,
      onlineIntervals: MISSED_INTERVALS,
    });
    const devices = rows.map((row) => ({
      id: row.id,
      accountId: row.account_id,
      name: row.name,
      lastSeenAt: row.last_seen_at?.toISOString() ?? null,
      gpus: row.gpus,
    }));
    const nextAfter = rows.length === SCHEDULABLE_PAGE ? (rows.at(-1)?.id ?? null) : null;
    return c.json({ devices, nextAfter }, 200);
  });
