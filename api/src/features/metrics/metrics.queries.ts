import type { InfluxSeries, MetricsStore } from '../../influx/influx-client.js';

export type MetricSeries = { name: string; unit: string; gpu?: string; points: [string, number][] };

const MAX_POINTS = 1000;
const NICE_STEPS_S = [
  10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400,
];
const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

export function parseDuration(step: string): number | undefined {
  const match = /^(\d{1,6})(s|m|h|d)$/.exec(step);
  if (!match) return undefined;
  return Number(match[1]) * (UNIT_SECONDS[match[2] ?? 's'] ?? 1);
}

/** The smallest "nice" step that keeps a range at or under 1,000 points. */
export function autoStep(rangeS: number): number {
  const minimum = Math.ceil(rangeS / MAX_POINTS);
  return NICE_STEPS_S.find((step) => step >= minimum) ?? Math.ceil(minimum / 86400) * 86400;
}

export function pointsFor(rangeS: number, stepS: number): number {
  return Math.ceil(rangeS / stepS);
}

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
