import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';

/**
 * Where the account's last `days` days start: midnight of the first in its time zone, as the
 * daily earnings count them. Read apart from the energy sums so that those compare with a
 * constant (see earningsSummary); undefined for an unknown account.
 */
export async function efficiencyWindowStart(
  db: Executor,
  accountId: string,
  days: number,
): Promise<Date | undefined> {
  const { rows } = await sql<{ start: Date }>`
    SELECT (date_trunc('day', now() AT TIME ZONE timezone) - ${days - 1} * interval '1 day')
             AT TIME ZONE timezone AS start
    FROM accounts WHERE id = ${accountId}`.execute(db);
  return rows[0]?.start;
}

export type DeviceUseRow = { device_id: string; gpu_hours: number; kwh: number };

/**
 * GPU-hours (GPUs × covered seconds) and kWh measured per device of the account since `from`,
 * from the hourly energy rows kept at ingest; devices deleted since too, as their earnings
 * count. The hour `from` falls inside of counts in proportion to its part after `from`, as
 * sumEnergyHours does.
 */
export async function deviceUse(
  db: Executor,
  accountId: string,
  from: Date,
): Promise<DeviceUseRow[]> {
  const { rows } = await sql<DeviceUseRow>`
    SELECT e.device_id,
           (sum(e.gpus * e.covered_s * share.part) / 3600)::float8 AS gpu_hours,
           (sum(e.energy_wh * share.part) / 1000)::float8 AS kwh
    FROM devices d
    JOIN device_energy_hours e ON e.device_id = d.id
     AND e.hour > ${from}::timestamptz - interval '1 hour'
    CROSS JOIN LATERAL (SELECT CASE WHEN e.hour < ${from}::timestamptz
      THEN extract(epoch FROM e.hour + interval '1 hour' - ${from}::timestamptz) / 3600
      ELSE 1 END AS part) AS share
    WHERE d.account_id = ${accountId}
    GROUP BY e.device_id`.execute(db);
  return rows;
}
