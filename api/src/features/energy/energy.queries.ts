import { sql } from 'kysely';
import type { EnergyCursor, Executor } from '../../db/database.js';
import { energyHourRow, type HourTotals } from './energy-hours.js';

export type EnergyState = {
  id: string;
  interval_s: number;
  energy_cursor: EnergyCursor;
  energy_stale_from: Date | null;
};

/** The devices whose hours wait for a recompute, the longest waiting first. */
export function staleDevices(db: Executor, limit: number) {
  return db
    .selectFrom('devices')
    .select(['id', 'interval_s', 'energy_cursor', 'energy_stale_from'])
    .where('energy_stale_from', 'is not', null)
    .where('deleted_at', 'is', null)
    .orderBy('energy_stale_from')
    .limit(limit)
    .execute();
}

export function lockEnergyState(trx: Executor, deviceId: string) {
  return trx
    .selectFrom('devices')
    .select(['id', 'interval_s', 'energy_cursor', 'energy_stale_from'])
    .where('id', '=', deviceId)
    .forUpdate()
    .executeTakeFirst();
}

/**
 * Replaces the device's hours from `fromHour` on with recomputed ones and stores the cursor.
 * The stale mark is cleared only if it is still the one the recompute started from.
 */
export async function replaceEnergyHours(
  trx: Executor,
  deviceId: string,
  replacement: {
    fromHour: Date;
    hours: [number, HourTotals][];
    cursor: EnergyCursor;
    staleFrom: Date | null;
  },
): Promise<void> {
  await trx
    .deleteFrom('device_energy_hours')
    .where('device_id', '=', deviceId)
    .where('hour', '>=', replacement.fromHour)
    .execute();
  if (replacement.hours.length > 0) {
    await trx
      .insertInto('device_energy_hours')
      .values(replacement.hours.map(([hour, totals]) => energyHourRow(deviceId, hour, totals)))
      .execute();
  }
  await trx
    .updateTable('devices')
    .set({
      energy_cursor: JSON.stringify(replacement.cursor),
      // To the millisecond: the mark was read into a JS Date, which keeps no microseconds.
      energy_stale_from: sql<Date | null>`CASE WHEN date_trunc('milliseconds', energy_stale_from) IS NOT DISTINCT FROM ${replacement.staleFrom}::timestamptz THEN NULL ELSE energy_stale_from END`,
    })
    .where('id', '=', deviceId)
    .execute();
}

/**
 * After a restart: the hours of every device active in the last day, from the newest sample
 * its cursor holds (or an hour before enrollment, without one), wait for a recompute, since
 * what an instance had buffered when it died is known only to InfluxDB.
 */
export async function markRecentEnergyStale(db: Executor): Promise<number> {
  const result = await sql`
    UPDATE devices SET energy_stale_from = least(energy_stale_from, coalesce(
      (SELECT to_timestamp(max((value->>'t')::float8) / 1000)
       FROM jsonb_each(energy_cursor) WHERE value ? 't'),
      enrolled_at - interval '1 hour'))
    WHERE deleted_at IS NULL
      AND greatest(last_seen_at, enrolled_at) > now() - interval '1 day'`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

export type EnergySums = HourTotals;

/**
 * The device's energy hours in a window; the hour the window starts inside of counts in
 * proportion to its part in the window (its samples count whole).
 */
export async function sumEnergyHours(
  db: Executor,
  deviceId: string,
  window: { from: Date; to: Date },
): Promise<EnergySums> {
  const { rows } = await sql<Record<keyof EnergySums, number | string | null>>`
    SELECT sum(energy_wh * share) AS "energyWh", sum(counter_wh * share) AS "counterWh",
           sum(covered_s * share) AS "coveredS", sum(busy_s * share) AS "busyS",
           sum(samples) AS samples, max(gpus) AS gpus
    FROM (
      SELECT *, CASE WHEN hour < ${window.from}::timestamptz
        THEN extract(epoch FROM hour + interval '1 hour' - ${window.from}::timestamptz) / 3600
        ELSE 1 END AS share
      FROM device_energy_hours
      WHERE device_id = ${deviceId}
        AND hour > ${window.from}::timestamptz - interval '1 hour'
        AND hour < ${window.to}::timestamptz
    ) AS hours`.execute(db);
  const row = rows[0];
  return {
    energyWh: Number(row?.energyWh ?? 0),
    counterWh: Number(row?.counterWh ?? 0),
    coveredS: Number(row?.coveredS ?? 0),
    busyS: Number(row?.busyS ?? 0),
    samples: Number(row?.samples ?? 0),
    gpus: Number(row?.gpus ?? 0),
  };
}
