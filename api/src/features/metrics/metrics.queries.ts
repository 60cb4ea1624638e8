import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { InfluxSeries, MetricsStore } from '../../influx/influx-client.js';
import { rollupField, type Aggregate } from '../metric-rollups/rollup-plan.js';
import type { MetricSource } from './metric-source.js';

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

type Points = [string, number][];

/**
 * Values to 4 decimal places: a month of 8 GPUs is 30,000 points, and the digits past those only
 * weigh. InfluxDB rounds them, so its answer shrinks too (a month: 340 KB instead of 600 KB).
 */
function rounded(expression: string): string {
  return `round(${expression} * 10000) / 10000`;
}

/** Time formatting shared by a response's series (they share their timestamps). */
function pointMaker() {
  const times = new Map<number, string>();
  return function pointsOf(series: InfluxSeries, column: string, fromMs: number): Points {
    const index = series.columns.indexOf(column);
    const points: Points = [];
    let previous = Number.NaN;
    for (const row of series.values) {
      const value = row[index];
      const time = Number(row[0]);
      if (typeof value !== 'number' || time < fromMs) continue;
      let at = times.get(time);
      if (at === undefined) {
        at = new Date(time).toISOString();
        times.set(time, at);
      }
      // Two series of one GPU index (a card swapped within a window) read as rows: keep one.
      if (time === previous) points.pop();
      previous = time;
      points.push([at, value]);
    }
    return points;
  };
}

type Window = { fromMs: number; toMs: number; stepS: number };
type Part = { gpu: InfluxSeries[]; host: InfluxSeries[]; keepFromMs: number };
type Policy = { name: string; windowMs: number };

/**
 * Per-GPU means and the host's transfer rates of one window, gaps left as gaps, from the raw
 * samples or a rollup policy (`<field>_mean`, `<field>_max`: the mean of the windows' means, the
 * rate between the windows' counter maxima), `GROUP BY time(step)`. A rollup whose window is the
 * step is read row by row: InfluxDB 1.x spends most of such a query on its time buckets, and
 * each row already is one.
 */
async function queryPart(
  metrics: MetricsStore,
  deviceId: string,
  window: Window,
  policy?: Policy,
): Promise<Omit<Part, 'keepFromMs'>> {
  const stepMs = window.stepS * 1000;
  // A rollup row is stamped with its window's start: the first step's row starts before `from`.
  const fromMs = policy ? Math.floor(window.fromMs / stepMs) * stepMs : window.fromMs;
  const where = `"device" = ${quote(deviceId)} AND time >= ${fromMs}ms AND time < ${window.toMs}ms`;
  const name = (field: string, aggregate: Aggregate) =>
    policy ? rollupField(field, aggregate) : field;
  const options = { retentionPolicy: policy?.name };
  const asRows = policy?.windowMs === stepMs;
  const mean = (field: string) =>
    asRows ? `"${name(field, 'mean')}"` : `mean("${name(field, 'mean')}")`;
  const max = (field: string) =>
    asRows ? `"${name(field, 'max')}"` : `max("${name(field, 'max')}")`;
  const group = asRows ? '' : `time(${window.stepS}s), `;
  const fill = asRows ? '' : ' fill(none)';
  const means = gpuColumns
    .map(({ column }) => `${rounded(mean(column))} AS "${column}"`)
    .join(', ');
  const rate = (field: string) => rounded(`non_negative_derivative(${max(field)}, 1s)`);
  const [gpu, host] = await Promise.all([
    metrics.query(
      `SELECT ${means} FROM "gpu" WHERE ${where} GROUP BY ${group}"gpu"${fill}`,
      options,
    ),
    metrics.query(
      `SELECT ${rate('rx_bytes')} AS "rx", ${rate('tx_bytes')} AS "tx" FROM "host" WHERE ${where}${asRows ? '' : ` GROUP BY time(${window.stepS}s)`}${fill}`,
      options,
    ),
  ]);
  return { gpu, host };
}

/**
 * A device's chart series over `range`. From a rollup, the windows it has not covered yet come
 * from the source's tail (a finer rollup or the raw samples), from one step before the split on
 * (the rate needs the step before).
 */
export async function queryDeviceMetrics(
  metrics: MetricsStore,
  deviceId: string,
  range: { from: Date; to: Date; stepS: number },
  source: MetricSource = { kind: 'raw' },
): Promise<MetricSeries[]> {
  const fromMs = range.from.getTime();
  const toMs = range.to.getTime();
  const { stepS } = range;
  const parts: Promise<Part>[] =
    source.kind === 'raw'
      ? [
          queryPart(metrics, deviceId, { fromMs, toMs, stepS }).then((p) => ({
            ...p,
            keepFromMs: -Infinity,
          })),
        ]
      : [
          queryPart(metrics, deviceId, { fromMs, toMs: source.splitMs, stepS }, source.policy).then(
            (p) => ({ ...p, keepFromMs: -Infinity }),
          ),
          ...(source.splitMs < toMs
            ? [
                queryPart(
                  metrics,
                  deviceId,
                  { fromMs: source.splitMs - stepS * 1000, toMs, stepS },
                  source.tail,
                ).then((p) => ({ ...p, keepFromMs: source.splitMs })),
              ]
            : []),
        ];
  const pointsOf = pointMaker();
  // Per GPU, the points of each column of gpuColumns.
  const gpus = new Map<string, Points[]>();
  const host = { rx: [] as Points, tx: [] as Points, seen: false };
  for (const part of await Promise.all(parts)) {
    for (const series of part.gpu) {
      const gpu = series.tags?.gpu ?? '0';
      const columns = gpus.get(gpu) ?? gpuColumns.map((): Points => []);
      gpuColumns.forEach(({ column }, index) =>
        columns[index]?.push(...pointsOf(series, column, part.keepFromMs)),
      );
      gpus.set(gpu, columns);
    }
    for (const series of part.host) {
      host.seen = true;
      host.rx.push(...pointsOf(series, 'rx', part.keepFromMs));
      host.tx.push(...pointsOf(series, 'tx', part.keepFromMs));
    }
  }
  const byGpu = [...gpus].sort(([a], [b]) => Number(a) - Number(b));
  const result: MetricSeries[] = gpuColumns.flatMap(({ name, unit }, index) =>
    byGpu.map(([gpu, columns]) => ({ name, unit, gpu, points: columns[index] ?? [] })),
  );
  if (host.seen) {
    result.push({ name: 'rxRate', unit: 'B/s', points: host.rx });
    result.push({ name: 'txRate', unit: 'B/s', points: host.tx });
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
