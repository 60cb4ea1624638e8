import type { DeviceStatus } from '@ioworker/contract';
import { sql } from 'kysely';
import type {
  EnergyCursor,
  Executor,
  GpuTagSet,
  LatestSample,
  StoredGpu,
} from '../../db/database.js';
import type { EnergyHourRow } from '../energy/energy-hours.js';

export type LockedDevice = {
  id: string;
  reported_status: DeviceStatus;
  last_seen_at: Date | null;
  /** The node's previous contact: its last write recorded, or its enrollment. */
  previous_contact: Date | null;
  interval_s: number;
  energy_cursor: EnergyCursor;
  latest: LatestSample | null;
  gpus: StoredGpu[];
  /** The account's time zone: uptime is kept per calendar day in it. */
  timezone: string;
};

/** Live devices' rows, locked in id order, so instances flushing the same devices queue. */
export async function lockDeviceStates(
  trx: Executor,
  deviceIds: string[],
): Promise<Map<string, LockedDevice>> {
  const { rows } = await sql<LockedDevice>`
    SELECT d.id, d.reported_status, d.last_seen_at,
           greatest(d.last_seen_at, d.enrolled_at) AS previous_contact,
           d.interval_s, d.energy_cursor, d.latest, d.gpus, a.timezone
    FROM devices d JOIN accounts a ON a.id = d.account_id
    WHERE d.id IN (SELECT value::uuid FROM jsonb_array_elements_text(${JSON.stringify(deviceIds)}::jsonb))
      AND d.deleted_at IS NULL
    ORDER BY d.id
    FOR UPDATE OF d`.execute(trx);
  return new Map(rows.map((row) => [row.id, row]));
}

export type StateRow = {
  id: string;
  seen_at: string;
  interval_s: number;
  latest: LatestSample | null;
  gpus: StoredGpu[];
  dropped: number;
  cursor: EnergyCursor;
  stale_from: string | null;
};
export type UptimeCredit = { device_id: string; since: string; until: string; tz: string };

/**
 * One statement for a batch of devices, whose rows the caller holds locked: each device's
 * state (last seen, online, interval, latest sample, inventory,
 * dropped fields, energy cursor), its uptime credits split over the calendar days of its
 * account's zone, and its energy hours, added onto what is there.
 */
export async function storeDeviceStates(
  trx: Executor,
  batch: { states: StateRow[]; credits: UptimeCredit[]; hours: EnergyHourRow[] },
): Promise<void> {
  if (batch.states.length === 0) return;
  await sql`
    WITH input AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(batch.states)}::jsonb) AS i(
        id uuid, seen_at timestamptz, interval_s int, latest jsonb, gpus jsonb, dropped bigint,
        cursor jsonb, stale_from timestamptz)
    ),
    credits AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(batch.credits)}::jsonb) AS c(
        device_id uuid, since timestamptz, until timestamptz, tz text)
    ),
    spans AS (
      SELECT device_id, local_day::date AS day,
             extract(epoch FROM
               least(until, (local_day + interval '1 day') AT TIME ZONE tz)
               - greatest(since, local_day AT TIME ZONE tz))::float8 AS seconds
      FROM credits, generate_series(
        date_trunc('day', since AT TIME ZONE tz),
        date_trunc('day', until AT TIME ZONE tz),
        interval '1 day') AS local_day
    ),
    uptime AS (
      INSERT INTO device_uptime_days (device_id, day, covered_seconds)
      SELECT device_id, day, sum(seconds) FROM spans WHERE seconds > 0
      GROUP BY device_id, day ORDER BY device_id, day
      ON CONFLICT (device_id, day) DO UPDATE
        SET covered_seconds = least(86400, device_uptime_days.covered_seconds + excluded.covered_seconds)
    ),
    energy AS (
      INSERT INTO device_energy_hours AS e
        (device_id, hour, energy_wh, counter_wh, covered_s, busy_s, samples, gpus)
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(batch.hours)}::jsonb) AS h(
        device_id uuid, hour timestamptz, energy_wh float8, counter_wh float8, covered_s float8,
        busy_s float8, samples int, gpus int)
      ORDER BY device_id, hour
      ON CONFLICT (device_id, hour) DO UPDATE SET
        energy_wh = e.energy_wh + excluded.energy_wh,
        counter_wh = e.counter_wh + excluded.counter_wh,
        covered_s = least(3600, e.covered_s + excluded.covered_s),
        busy_s = least(3600, e.busy_s + excluded.busy_s),
        samples = e.samples + excluded.samples,
        gpus = greatest(e.gpus, excluded.gpus)
    )
    UPDATE devices AS d SET
      last_seen_at = greatest(d.last_seen_at, i.seen_at),
      reported_status = 'online',
      interval_s = i.interval_s,
      latest = CASE WHEN jsonb_typeof(i.latest) = 'object' THEN i.latest ELSE d.latest END,
      gpus = i.gpus,
      dropped_fields = d.dropped_fields + i.dropped,
      energy_cursor = i.cursor,
      energy_stale_from = least(d.energy_stale_from, i.stale_from)
    FROM input AS i
    WHERE d.id = i.id`.execute(trx);
}

export type KnownSeries = { gpuTagSets: GpuTagSet[]; serviceNames: string[] };

/** The series a device has written so far; locked for counting new ones against its budget. */
export async function knownSeries(
  db: Executor,
  deviceId: string,
  { lock }: { lock: boolean },
): Promise<KnownSeries | undefined> {
  const query = db
    .selectFrom('devices')
    .select(['gpu_tag_sets', 'service_names'])
    .where('id', '=', deviceId);
  const row = await (lock ? query.forUpdate() : query).executeTakeFirst();
  return row && { gpuTagSets: row.gpu_tag_sets, serviceNames: row.service_names };
}

export async function storeKnownSeries(
  db: Executor,
  deviceId: string,
  known: KnownSeries,
): Promise<void> {
  await db
    .updateTable('devices')
    .set({
      gpu_tag_sets: JSON.stringify(known.gpuTagSets),
      service_names: JSON.stringify(known.serviceNames),
    })
    .where('id', '=', deviceId)
    .execute();
}
