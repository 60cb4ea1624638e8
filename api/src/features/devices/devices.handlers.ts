import type { Context } from 'hono';
import type { AppEnv } from '../../app-env.js';
import { ApiError } from '../../lib/api-error.js';
import { sendSerializedJson } from '../../lib/serialized-json.js';
import { createRouter } from '../../router.js';
import { recordAudit } from '../audit/audit.js';
import { toDevice, toDeviceDetails } from './device.presenter.js';
import {
  countDevices,
  deleteDevice,
  findDevice,
  insertDevice,
  lockAccount,
  MAX_DEVICES_PER_ACCOUNT,
  renameDevice,
} from './devices.queries.js';
import {
  createDeviceRoute,
  deleteDeviceRoute,
  enrollRoute,
  getDeviceRoute,
  listDevicesRoute,
  reenrollDeviceRoute,
  renameDeviceRoute,
} from './devices.routes.js';
import { issueEnrollmentToken, redeemEnrollmentToken, type NodeFacts } from './enrollment.js';
import { enrollWithFleetToken, type FleetEnrollment } from '../fleet-tokens/fleet-enrollment.js';
import { revokeCredential } from '../ingest/credential-revocation.js';

const DEVICE = 'Device';

type Enrolled = { deviceId: string; accountId: string; credential: string };

async function enrollWithToken(
  c: Context<AppEnv>,
  token: string,
  node: NodeFacts,
): Promise<Enrolled> {
  const enrolled = await c.var.deps.db.transaction().execute(async (trx) => {
    const result = await redeemEnrollmentToken(trx, token, node);
    if (result) {
      await recordAudit(trx, c, {
        action: 'device.enrolled',
        accountId: result.accountId,
        deviceId: result.deviceId,
        details: { hostname: node.hostname },
      });
    }
    return result;
  });
  if (!enrolled) {
    throw ApiError.unauthorized(
      'This enrollment token is not valid: it was already used, has expired, or its device was deleted.',
      'invalid_enrollment_token',
    );
  }
  return enrolled;
}

/** Audited like a device added in the app and a token redeemed, naming the fleet token. */
async function enrollFleetMachine(c: Context<AppEnv>, request: FleetEnrollment): Promise<Enrolled> {
  return c.var.deps.db.transaction().execute(async (trx) => {
    const enrolled = await enrollWithFleetToken(trx, request);
    const { accountId, deviceId, fleetTokenId } = enrolled;
    if (enrolled.created) {
      await recordAudit(trx, c, {
        action: 'device.created',
        accountId,
        deviceId,
        details: { fleetTokenId },
      });
    }
    await recordAudit(trx, c, {
      action: 'device.enrolled',
      accountId,
      deviceId,
      details: { hostname: request.node.hostname, fleetTokenId, machineId: request.machineId },
    });
    return enrolled;
  });
}

export const deviceRoutes = createRouter()
  .openapi(listDevicesRoute, async (c) => {
    const list = await c.var.deps.deviceLists.get(c.var.user.accountId);
    return sendSerializedJson(c, list, 200);
  })
  .openapi(createDeviceRoute, async (c) => {
    const { db, config } = c.var.deps;
    const { accountId } = c.var.user;
    const { name, os } = c.req.valid('json');
    const created = await db.transaction().execute(async (trx) => {
      await lockAccount(trx, accountId);
      if ((await countDevices(trx, accountId)) >= MAX_DEVICES_PER_ACCOUNT) {
        throw ApiError.conflict(
          'device_limit_reached',
          `An account can have at most ${MAX_DEVICES_PER_ACCOUNT} devices.`,
        );
      }
      const device = await insertDevice(trx, { accountId, name, os });
      const enrollment = await issueEnrollmentToken(trx, device.id, config.publicUrl);
      await recordAudit(trx, c, { action: 'device.created', accountId, deviceId: device.id });
      return { device, enrollment };
    });
    return c.json({ device: toDevice(created.device), enrollment: created.enrollment }, 201);
  })
  .openapi(getDeviceRoute, async (c) => {
    const row = await findDevice(c.var.deps.db, c.var.user.accountId, c.req.valid('param').id);
    if (!row) throw ApiError.notFound(DEVICE);
    return c.json(toDeviceDetails(row), 200);
  })
  .openapi(renameDeviceRoute, async (c) => {
    const { db } = c.var.deps;
    const { accountId } = c.var.user;
    const { id } = c.req.valid('param');
    const { name } = c.req.valid('json');
    const renamed = await db.transaction().execute(async (trx) => {
      const row = await renameDevice(trx, accountId, id, name);
      if (row) await recordAudit(trx, c, { action: 'device.renamed', accountId, deviceId: id });
      return row;
    });
    if (!renamed) throw ApiError.notFound(DEVICE);
    return c.json(toDevice(renamed), 200);
  })
  .openapi(deleteDeviceRoute, async (c) => {
    const { db } = c.var.deps;
    const { accountId } = c.var.user;
    const { id } = c.req.valid('param');
    const deleted = await db.transaction().execute(async (trx) => {
      const found = await deleteDevice(trx, accountId, id);
      if (found) await recordAudit(trx, c, { action: 'device.deleted', accountId, deviceId: id });
      return found;
    });
    if (!deleted) throw ApiError.notFound(DEVICE);
    await revokeCredential(c.var.deps, accountId, id);
    return c.body(null, 204);
  })
  .openapi(reenrollDeviceRoute, async (c) => {
    const { db, config } = c.var.deps;
    const { accountId } = c.var.user;
    const { id } = c.req.valid('param');
    const enrollment = await db.transaction().execute(async (trx) => {
      if (!(await findDevice(trx, accountId, id))) throw ApiError.notFound(DEVICE);
      const issued = await issueEnrollmentToken(trx, id, config.publicUrl);
      await recordAudit(trx, c, { action: 'device.enrollment_issued', accountId, deviceId: id });
      return issued;
    });
    return c.json(enrollment, 201);
  })
  .openapi(enrollRoute, async (c) => {
    const { token, fleetToken, machineId, hostname, os, gpus } = c.req.valid('json');
    const node = { hostname, os, gpus };
    // The schema admits exactly one of the two tokens, and a machine id with a fleet token.
    const enrolled =
      fleetToken !== undefined && machineId !== undefined
        ? await enrollFleetMachine(c, { fleetToken, machineId, node })
        : await enrollWithToken(c, token ?? '', node);
    // The new credential replaced the old one: instances drop the old one from their caches.
    await revokeCredential(c.var.deps, enrolled.accountId, enrolled.deviceId);
    return c.json(
      {
        deviceId: enrolled.deviceId,
        credential: enrolled.credential,
        ingestUrl: c.var.deps.config.publicUrl,
      },
      201,
    );
  });
