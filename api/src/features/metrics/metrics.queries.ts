import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { InfluxSeries, MetricsStore } from '../../influx/influx-client.js';

export type MetricSeries = { name: string; unit: string; gpu?: string; points: [string, number][] };

const gpuColumns: { column: string; name: string; unit: string }[] = [
  { column: 'temperature_c', name: 'temperature', unit: '°C' },
  { column: 'power_w', name: 'power', unit: 'W' },
  { column: 'utilization_pct', name: 'utilization', unit: '%' },
  { column: 'memory_used_mib', name: 'memory', unit: 'MiB' },
  { column: 'fan_pct', name: 'fan', unit: '%' },
];

function quote(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function pointsOf(series: InfluxSeries, column: string): [string, number][] {
  const index = series.columns.indexOf(column);
  const points: [string, number][] = [];
  for (const row of series.values) {
    const value = row[index];
    if (typeof value === 'number') points.push([new Date(Number(row[0])).toISOString(), value]);
  }
  return points;
}

/** Per-GPU means and the host's transfer rates, `GROUP BY time(step)`, gaps left as gaps. */
export async function queryDeviceMetrics(
  metrics: MetricsStore,
  deviceId: string,
  range: { from: Date; to: Date; stepS: number },
): Promise<MetricSeries[]> {
  const where = `"device" = ${quote(deviceId)} AND time >= ${range.from.getTime()}ms AND time < ${range.to.getTime()}ms`;
  const step = `${range.stepS}s`;
  const means = gpuColumns.map(({ column }) => `mean("${column}") AS "${column}"`).join(', ');
  const [gpuSeries, hostSeries] = await Promise.all([
    metrics.query(
      `SELECT ${means} FROM "gpu" WHERE ${where} GROUP BY time(${step}), "gpu" fill(none)`,
    ),
    metrics.query(
      `SELECT non_negative_derivative(max("rx_bytes"), 1s) AS "rx", non_negative_derivative(max("tx_bytes"), 1s) AS "tx" FROM "host" WHERE ${where} GROUP BY time(${step}) fill(none)`,
    ),
  ]);
  const result: MetricSeries[] = [];
  const byGpu = [...gpuSeries].sort((a, b) => Number(a.tags?.gpu) - Number(b.tags?.gpu));
  for (const { column, name, unit } of gpuColumns) {
    for (const series of byGpu) {
      result.push({ name, unit, gpu: series.tags?.gpu ?? '0', points: pointsOf(series, column) });
    }
  }
  for (const series of hostSeries) {
    result.push({ name: 'rxRate', unit: 'B/s', points: pointsOf(series, 'rx') });
    result.push({ name: 'txRate', unit: 'B/s', points: pointsOf(series, 'tx') });
  }
  return result;
}

export type UptimeRow = {
  day: string;
  day_start: Date;
  day_end: Date;
  covered_seconds: number | null;
};

/** The last `days` days in the account's zone (boundaries from PostgreSQL's time zone database). */
export async function uptimeDays(
  db: Executor,
  accountId: string,
  deviceId: string,
  days: number,
): Promise<UptimeRow[]> {
  const { rows } = await sql<UptimeRow>`
    WITH zone AS (SELECT timezone AS tz FROM accounts WHERE id = ${accountId}),
    series AS (
      -- Local wall-clock midnights (timestamp, not timestamptz: dates alone would pick the
      -- timestamptz series, midnights of the server's zone).
      SELECT generate_series(
        ((now() AT TIME ZONE zone.tz)::date - ${days - 1}::int)::timestamp,
        (now() AT TIME ZONE zone.tz)::date::timestamp,
        interval '1 day') AS local_midnight, zone.tz FROM zone
    )
    SELECT s.local_midnight::date::text AS day,
           s.local_midnight AT TIME ZONE s.tz AS day_start,
           (s.local_midnight + interval '1 day') AT TIME ZONE s.tz AS day_end,
           u.covered_seconds
    FROM series s
    LEFT JOIN device_uptime_days u ON u.device_id = ${deviceId} AND u.day = s.local_midnight::date
    ORDER BY s.local_midnight`.execute(db);
  return rows;
}
