import type { DeviceStatus } from '@ioworker/contract';
import { sql } from 'kysely';
import type { Executor, GpuTagSet, LatestSample, StoredGpu } from '../../db/database.js';

export type StoredReport = {
  deviceId: string;
  /** The account's time zone: uptime is kept per calendar day in it. */
  timezone: string;
  intervalS: number;
  latest: LatestSample | null;
  gpus: StoredGpu[];
  droppedFields: number;
};

/**
 * One statement, under the device row's lock: last seen (time of receipt), online, the reporting
 * interval, the latest sample, the GPU inventory and dropped fields, and the uptime credit.
 *
 * Uptime is credited from the server's clock only: the time since the node's previous contact
 * (a write, or its enrollment), at most the `missedIntervals` reporting intervals that contact
 * kept it online for, split over the calendar days it spans. Nothing the node writes (point
 * times, a claimed interval) can add to it, and parallel writes, serialised by the lock, credit
 * the elapsed time once.
 */
export async function storeReport(
  db: Executor,
  report: StoredReport,
  missedIntervals: number,
): Promise<{ previous_status: DeviceStatus; last_seen_at: Date } | undefined> {
  const tz = report.timezone;
  const { rows } = await sql<{ previous_status: DeviceStatus; last_seen_at: Date }>`
    WITH before AS MATERIALIZED (
      SELECT reported_status AS previous_status,
             greatest(last_seen_at, enrolled_at) AS previous_contact,
             interval_s AS previous_interval_s
      FROM devices WHERE id = ${report.deviceId} FOR UPDATE
    ),
    credited AS (
      SELECT least(now(), greatest(previous_contact,
               now() - make_interval(secs => ${missedIntervals}::int * previous_interval_s))) AS since
      FROM before WHERE previous_contact IS NOT NULL
    ),
    spans AS (
      SELECT local_day::date AS day,
             extract(epoch FROM
               least(now(), (local_day + interval '1 day') AT TIME ZONE ${tz}::text)
               - greatest(since, local_day AT TIME ZONE ${tz}::text))::float8 AS seconds
      FROM credited, generate_series(
        date_trunc('day', since AT TIME ZONE ${tz}::text),
        date_trunc('day', now() AT TIME ZONE ${tz}::text),
        interval '1 day') AS local_day
    ),
    uptime AS (
      INSERT INTO device_uptime_days (device_id, day, covered_seconds)
      SELECT ${report.deviceId}, day, seconds FROM spans WHERE seconds > 0
      ON CONFLICT (device_id, day) DO UPDATE
        SET covered_seconds = least(86400, device_uptime_days.covered_seconds + excluded.covered_seconds)
    )
    UPDATE devices SET
      last_seen_at = greatest(devices.last_seen_at, now()),
      reported_status = 'online',
      interval_s = ${report.intervalS},
      latest = ${report.latest ? JSON.stringify(report.latest) : null}::jsonb,
      gpus = ${JSON.stringify(report.gpus)}::jsonb,
      dropped_fields = dropped_fields + ${report.droppedFields}
    FROM before
    WHERE devices.id = ${report.deviceId}
    RETURNING before.previous_status, devices.last_seen_at`.execute(db);
  return rows[0];
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
