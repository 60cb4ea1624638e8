import type { Executor } from '../../db/database.js';
import { ApiError } from '../../lib/api-error.js';
import { generateToken, hashToken } from '../../lib/secrets.js';
import { countDevices, lockAccount, MAX_DEVICES_PER_ACCOUNT } from '../devices/devices.queries.js';
import { storeEnrollment } from '../devices/enrollment.queries.js';
import type { NodeFacts } from '../devices/enrollment.js';
import {
  countFleetTokenDevices,
  findMachineDevice,
  insertMachineDevice,
  lockValidFleetToken,
  moveToFleetToken,
} from './fleet-tokens.queries.js';

const DEVICE_NAME_MAX_LENGTH = 64;

export type FleetEnrollment = { fleetToken: string; machineId: string; node: NodeFacts };

export type FleetEnrolled = {
  deviceId: string;
  accountId: string;
  fleetTokenId: string;
  credential: string;
  /** A new device; false when the machine had one and was enrolled again. */
  created: boolean;
};

/** The device's OS family from what the node says ("Ubuntu 24.04.1 LTS", "Windows 11 Pro"). */
function osFamily(hostOs: string): 'ubuntu' | 'windows' {
  return /windows/i.test(hostOs) ? 'windows' : 'ubuntu';
}

function invalidFleetToken(): ApiError {
  return ApiError.unauthorized(
    'This fleet token is not valid: it has expired or was revoked. Create a new one in Settings.',
    'invalid_fleet_token',
  );
}

async function ensureRoomOnToken(
  trx: Executor,
  token: { id: string; max_devices: number },
): Promise<void> {
  if ((await countFleetTokenDevices(trx, token.id)) >= token.max_devices) {
    throw ApiError.forbidden(
      'fleet_token_full',
      `This fleet token has enrolled its ${token.max_devices} machines; create another one for more.`,
    );
  }
}

async function ensureRoomInAccount(trx: Executor, accountId: string): Promise<void> {
  if ((await countDevices(trx, accountId)) >= MAX_DEVICES_PER_ACCOUNT) {
    throw ApiError.conflict(
      'device_limit_reached',
      `An account can have at most ${MAX_DEVICES_PER_ACCOUNT} devices.`,
    );
  }
}

/**
 * Enrols a machine with a fleet token: the account's device for this machine id gets a new
 * credential (replacing the old one), or a new device named after its hostname is added, within
 * the token's limit. The token's row and then the account's are held until the transaction ends,
 * so parallel enrollments count one after another and see each other's devices.
 * @example await db.transaction().execute((trx) => enrollWithFleetToken(trx, request))
 */
export async function enrollWithFleetToken(
  trx: Executor,
  request: FleetEnrollment,
): Promise<FleetEnrolled> {
  const token = await lockValidFleetToken(trx, hashToken(request.fleetToken));
  if (!token) throw invalidFleetToken();
  const accountId = token.account_id;
  await lockAccount(trx, accountId);
  // Windows GUIDs come in either case; one machine must always give one key.
  const machineId = request.machineId.toLowerCase();
  const existing = await findMachineDevice(trx, accountId, machineId);
  let deviceId: string;
  if (existing) {
    if (existing.fleet_token_id !== token.id) {
      await ensureRoomOnToken(trx, token);
      await moveToFleetToken(trx, existing.id, token.id);
    }
    deviceId = existing.id;
  } else {
    await ensureRoomOnToken(trx, token);
    await ensureRoomInAccount(trx, accountId);
    deviceId = await insertMachineDevice(trx, {
      accountId,
      name: request.node.hostname.slice(0, DEVICE_NAME_MAX_LENGTH).trim(),
      os: osFamily(request.node.os),
      machineId,
      fleetTokenId: token.id,
    });
  }
  const credential = generateToken(32, 'iowd_');
  await storeEnrollment(trx, deviceId, { credentialHash: hashToken(credential), ...request.node });
  return { deviceId, accountId, fleetTokenId: token.id, credential, created: !existing };
}
