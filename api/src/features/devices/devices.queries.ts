import { sql } from 'kysely';
import type { DeviceRow, Executor, LatestSample } from '../../db/database.js';
import type { StateRow } from './device-state.js';

/** What a `Device` shows: the row without the latest sample's services and traffic. */
export type DeviceListRow = Pick<
  DeviceRow,
  | 'id'
  | 'name'
  | 'os'
  | 'hostname'
  | 'gpus'
  | 'last_seen_at'
  | 'interval_s'
  | 'created_at'
  | 'paused_at'
  | 'muted_until'
> & {
  /** It has a running job. */
  busy: boolean;
  /** The latest sample's GPUs; null before the first sample. */
  sample_gpus: LatestSample['gpus'] | null;
};

/** What `DeviceDetails` shows besides: the whole latest sample. */
export type DeviceDetailsRow = DeviceListRow & Pick<DeviceRow, 'latest'>;

const busy = sql<boolean>`exists (select 1 from jobs where jobs.device_id = devices.id and jobs.status = 'running')`;

const deviceColumns = [
  'id',
  'name',
  'os',
  'hostname',
  'gpus',
  'last_seen_at',
  'interval_s',
  'created_at',
  'paused_at',
  'muted_until',
  busy.as('busy'),
  sql<LatestSample['gpus'] | null>`latest->'gpus'`.as('sample_gpus'),
] as const;

export const MAX_DEVICES_PER_ACCOUNT = 5000;

export function listDevices(db: Executor, accountId: string): Promise<DeviceListRow[]> {
  return db
    .selectFrom('devices')
    .select(deviceColumns)
    .where('account_id', '=', accountId)
    .where('deleted_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/**
 * Changes whenever the list could: with any device row's version (`xmin` is new with every
 * write to the row, whatever column it touched), a device added or deleted, or a device's
 * running job starting or ending. It is the count and the sum of a 64-bit hash per device: a
 * change that keeps both has a 2^-64 chance, and unlike an md5 over the rows it needs no sort.
 * Read before the list, so that a list built after it is at least as new as what it stands for.
 */
export async function deviceListFingerprint(db: Executor, accountId: string): Promise<string> {
  const deviceHash = sql`uuid_hash_extended(id, xmin::text::bigint * 2 + (${busy})::int)`;
  const row = await db
    .selectFrom('devices')
    .select(sql<string>`count(*) || ':' || coalesce(sum(${deviceHash}), 0)`.as('fingerprint'))
    .where('account_id', '=', accountId)
    .where('deleted_at', 'is', null)
    .executeTakeFirstOrThrow();
  return row.fingerprint;
}

/**
 * Locks the account's row until the transaction ends, so that its device creations queue up
 * and each one counts the devices the ones before it added (the limit holds under races).
 */
export async function lockAccount(trx: Executor, accountId: string): Promise<void> {
  await trx.selectFrom('accounts').select('id').where('id', '=', accountId).forUpdate().execute();
}

export async function countDevices(db: Executor, accountId: string): Promise<number> {
  const row = await db
    .selectFrom('devices')
    .select((eb) => eb.fn.countAll<string | number>().as('count'))
    .where('account_id', '=', accountId)
    .where('deleted_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Another account's device is simply not found. */
export function findDevice(
  db: Executor,
  accountId: string,
  deviceId: string,
): Promise<DeviceDetailsRow | undefined> {
  return db
    .selectFrom('devices')
    .select([...deviceColumns, 'latest'])
    .where('id', '=', deviceId)
    .where('account_id', '=', accountId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

/** Any account's device, for callers that name a device without being its owner. */
export function findDeviceOwner(db: Executor, deviceId: string) {
  return db
    .selectFrom('devices')
    .select(['id', 'account_id', 'name'])
    .where('id', '=', deviceId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

export function insertDevice(
  db: Executor,
  device: { accountId: string; name: string; os: 'ubuntu' | 'windows' },
): Promise<DeviceListRow> {
  return db
    .insertInto('devices')
    .values({ account_id: device.accountId, name: device.name, os: device.os })
    .returning(deviceColumns)
    .executeTakeFirstOrThrow();
}

/**
 * Pauses (`paused`) or resumes a device of the account; a device already so keeps its row as
 * it is. The update waits for a job start holding the row (lockDeviceForJob), so a job can
 * never start on a device its owner was told is paused.
 */
export async function setDevicePaused(
  db: Executor,
  accountId: string,
  deviceId: string,
  paused: boolean,
): Promise<DeviceListRow | undefined> {
  const changed = await db
    .updateTable('devices')
    .set({ paused_at: paused ? sql<Date>`now()` : null })
    .where('id', '=', deviceId)
    .where('account_id', '=', accountId)
    .where('deleted_at', 'is', null)
    .where('paused_at', paused ? 'is' : 'is not', null)
    .returning(deviceColumns)
    .executeTakeFirst();
  return (
    changed ??
    db
      .selectFrom('devices')
      .select(deviceColumns)
      .where('id', '=', deviceId)
      .where('account_id', '=', accountId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst()
  );
}

/**
 * A device a job report names, held until the report's transaction ends: pausing it waits,
 * so a job cannot start on a device being paused.
 */
export function lockDeviceForJob(db: Executor, deviceId: string) {
  return db
    .selectFrom('devices')
    .select(['id', 'account_id', 'name', 'paused_at'])
    .where('id', '=', deviceId)
    .where('deleted_at', 'is', null)
    .forShare()
    .executeTakeFirst();
}

/**
 * Online devices not paused, of every account: what the orchestrator may schedule jobs on,
 * by id, `limit` after `afterId`.
 */
export function listSchedulableDevices(
  db: Executor,
  page: { afterId: string | undefined; limit: number; onlineIntervals: number },
) {
  let query = db
    .selectFrom('devices')
    .select(['id', 'account_id', 'name', 'gpus', 'last_seen_at'])
    .where('deleted_at', 'is', null)
    .where('paused_at', 'is', null)
    .where(
      'last_seen_at',
      '>',
      sql<Date>`now() - make_interval(secs => interval_s * ${page.onlineIntervals})`,
    );
  if (page.afterId) query = query.where('id', '>', page.afterId);
  return query.orderBy('id').limit(page.limit).execute();
}

export function renameDevice(
  db: Executor,
  accountId: string,
  deviceId: string,
  name: string,
): Promise<DeviceListRow | undefined> {
  return db
    .updateTable('devices')
    .set({ name })
    .where('id', '=', deviceId)
    .where('account_id', '=', accountId)
    .where('deleted_at', 'is', null)
    .returning(deviceColumns)
    .executeTakeFirst();
}

/** Soft delete keeps the history that refers to the device; the credential goes at once. */
export async function deleteDevice(
  db: Executor,
  accountId: string,
  deviceId: string,
): Promise<boolean> {
  const row = await db
    .updateTable('devices')
    .set({ deleted_at: new Date(), credential_hash: null })
    .where('id', '=', deviceId)
    .where('account_id', '=', accountId)
    .where('deleted_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  if (!row) return false;
  await db.deleteFrom('enrollment_tokens').where('device_id', '=', deviceId).execute();
  return true;
}

/** What a device's state is computed from (`deviceState`), with its account. */
export type DeviceStateSource = StateRow & { id: string; account_id: string };

const stateColumns = [
  'id',
  'account_id',
  'last_seen_at',
  'interval_s',
  'paused_at',
  'muted_until',
  busy.as('busy'),
] as const;

export function deviceStateSource(
  db: Executor,
  deviceId: string,
): Promise<DeviceStateSource | undefined> {
  return db
    .selectFrom('devices')
    .select(stateColumns)
    .where('id', '=', deviceId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

/**
 * Devices whose state changed by the clock alone in `(after, until]`: a mute ran out, or an
 * offline device's silence reached `inactiveAfterMs`.
 */
export function devicesWithClockStateChange(
  db: Executor,
  window: { after: Date; until: Date; inactiveAfterMs: number },
): Promise<DeviceStateSource[]> {
  const { after, until, inactiveAfterMs } = window;
  const silentSince = (at: Date) => new Date(at.getTime() - inactiveAfterMs);
  return db
    .selectFrom('devices')
    .select(stateColumns)
    .where('deleted_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb.and([eb('muted_until', '>', after), eb('muted_until', '<=', until)]),
        eb.and([
          eb('last_seen_at', '>', silentSince(after)),
          eb('last_seen_at', '<=', silentSince(until)),
        ]),
      ]),
    )
    .execute();
}
