import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';

/** Devices enrolled with the token that are still there: what its limit counts. */
const usedDevices = sql<number>`(select count(*)::int from devices where devices.fleet_token_id = fleet_tokens.id and devices.deleted_at is null)`;

const LISTED_COLUMNS = [
  'id',
  'name',
  'last_four',
  'max_devices',
  'created_at',
  'expires_at',
  usedDevices.as('used_devices'),
] as const;

/** Drops the account's tokens that expired long ago, so that they stop counting. */
export async function deleteLongExpiredFleetTokens(
  db: Executor,
  accountId: string,
  keptDays: number,
): Promise<void> {
  await db
    .deleteFrom('fleet_tokens')
    .where('account_id', '=', accountId)
    .where('expires_at', '<=', sql<Date>`now() - make_interval(days => ${keptDays})`)
    .execute();
}

export async function countFleetTokens(db: Executor, accountId: string): Promise<number> {
  const row = await db
    .selectFrom('fleet_tokens')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('account_id', '=', accountId)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export function insertFleetToken(
  db: Executor,
  token: {
    accountId: string;
    name: string;
    tokenHash: string;
    lastFour: string;
    maxDevices: number;
    expiresAt: Date;
  },
) {
  return db
    .insertInto('fleet_tokens')
    .values({
      account_id: token.accountId,
      name: token.name,
      token_hash: token.tokenHash,
      last_four: token.lastFour,
      max_devices: token.maxDevices,
      expires_at: token.expiresAt,
    })
    .returning(LISTED_COLUMNS)
    .executeTakeFirstOrThrow();
}

/** The account's fleet tokens, expired ones included, newest first. */
export function listFleetTokens(db: Executor, accountId: string) {
  return db
    .selectFrom('fleet_tokens')
    .select(LISTED_COLUMNS)
    .where('account_id', '=', accountId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

export type FleetTokenRow = Awaited<ReturnType<typeof listFleetTokens>>[number];

/** Revokes one of the account's tokens; undefined when it is not the account's. */
export function deleteFleetToken(db: Executor, accountId: string, tokenId: string) {
  return db
    .deleteFrom('fleet_tokens')
    .where('id', '=', tokenId)
    .where('account_id', '=', accountId)
    .returning(['id', 'name'])
    .executeTakeFirst();
}

/**
 * The unexpired token with this hash, held until the transaction ends: its enrollments count
 * one after another, and a revocation waits for those under way (then none follows it).
 */
export function lockValidFleetToken(db: Executor, tokenHash: string) {
  return db
    .selectFrom('fleet_tokens')
    .select(['id', 'account_id', 'max_devices'])
    .where('token_hash', '=', tokenHash)
    .where('expires_at', '>', sql<Date>`now()`)
    .forUpdate()
    .executeTakeFirst();
}

export async function countFleetTokenDevices(db: Executor, tokenId: string): Promise<number> {
  const row = await db
    .selectFrom('devices')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('fleet_token_id', '=', tokenId)
    .where('deleted_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** The account's live device for this machine, whichever token enrolled it. */
export function findMachineDevice(db: Executor, accountId: string, machineId: string) {
  return db
    .selectFrom('devices')
    .select(['id', 'fleet_token_id'])
    .where('account_id', '=', accountId)
    .where('machine_id', '=', machineId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

export async function insertMachineDevice(
  db: Executor,
  device: {
    accountId: string;
    name: string;
    os: 'ubuntu' | 'windows';
    machineId: string;
    fleetTokenId: string;
  },
): Promise<string> {
  const row = await db
    .insertInto('devices')
    .values({
      account_id: device.accountId,
      name: device.name,
      os: device.os,
      machine_id: device.machineId,
      fleet_token_id: device.fleetTokenId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The device now counts against this token (it enrolled again with another one). */
export async function moveToFleetToken(
  db: Executor,
  deviceId: string,
  fleetTokenId: string,
): Promise<void> {
  await db
    .updateTable('devices')
    .set({ fleet_token_id: fleetTokenId })
    .where('id', '=', deviceId)
    .execute();
}
