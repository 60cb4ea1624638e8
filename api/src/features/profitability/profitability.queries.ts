import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { InfluxSeries, MetricsStore } from '../../influx/influx-client.js';
import { MISSED_INTERVALS } from '../status/device-connection.js';
import { EnergyIntegrator, type EnergyTotals } from './energy.js';

export type Window = { from: Date; to: Date };

/**
 * Raw samples are read a page at a time, at most this many per GPU at the reporting interval:
 * memory stays bounded and a server's `max-row-limit` (10,000 on old 1.x) is never hit.
 */
const SAMPLES_PER_PAGE = 10_000;

function quote(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function addSeries(energy: EnergyIntegrator, series: InfluxSeries): void {
  const column = series.columns.indexOf('power_w');
  const gpu = series.tags?.gpu ?? '0';
  for (const row of series.values) {
    const watts = row[column];
    if (typeof watts === 'number') energy.add(gpu, Number(row[0]), watts);
  }
}

/**
 * Measured energy of a device's GPUs in the window, from raw `power_w` samples: the check on
 * the hours kept at ingest (features/energy), which the endpoint reads. Raw points,
 * not `mean() GROUP BY time(interval)`: on influxd 1.6 a week of 8 GPUs at 10 s read raw in
 * ~1 s and bucketed in ~3.4 s, and raw keeps every gap exactly where it was.
 */
export async function measureEnergy(
  metrics: Pick<MetricsStore, 'query'>,
  deviceId: string,
  window: Window,
  intervalS: number,
): Promise<EnergyTotals> {
  // A pause that would make the device offline is an outage: it adds no energy.
  const energy = new EnergyIntegrator(MISSED_INTERVALS * intervalS * 1000);
  const pageMs = SAMPLES_PER_PAGE * intervalS * 1000;
  const to = window.to.getTime();
  for (let start = window.from.getTime(); start < to; start += pageMs) {
    const end = Math.min(to, start + pageMs);
    const series = await metrics.query(
      `SELECT "power_w" FROM "gpu" WHERE "device" = ${quote(deviceId)} AND time >= ${start}ms AND time < ${end}ms GROUP BY "gpu"`,
    );
    for (const gpuSeries of series) addSeries(energy, gpuSeries);
  }
  return energy.totals();
}

/**
 * What the device earned in the window: its job credits and adjustments, never payouts. Whole
 * UTC hours come from the earnings rollups (migration 0013); the ledger itself is read only for
 * the parts of the hours the window starts and ends inside of.
 */
export async function sumDeviceEarnings(
  db: Executor,
  accountId: string,
  deviceId: string,
  window: Window,
): Promise<bigint> {
  const { rows } = await sql<{ total: string }>`
    WITH bounds AS (
      SELECT date_trunc('hour', ${window.from}::timestamptz, 'UTC') + interval '1 hour' AS first_hour,
             date_trunc('hour', ${window.to}::timestamptz, 'UTC') AS last_hour
    ),
    hours AS (
      SELECT coalesce(sum(amount_lamports), 0) AS amount
      FROM ledger_device_hours, bounds
      WHERE account_id = ${accountId} AND device_id = ${deviceId}
        AND kind IN ('job', 'adjustment')
        AND hour >= first_hour AND hour < last_hour
    ),
    edges AS (
      SELECT coalesce(sum(amount_lamports), 0) AS amount
      FROM ledger_entries, bounds
      WHERE account_id = ${accountId} AND device_id = ${deviceId}
        AND kind IN ('job', 'adjustment')
        AND at >= ${window.from}::timestamptz AND at < ${window.to}::timestamptz
        AND (at < first_hour OR at >= last_hour OR first_hour >= last_hour)
    )
    SELECT (hours.amount + edges.amount)::text AS total FROM hours, edges`.execute(db);
  return BigInt(rows[0]?.total ?? '0');
}
