import type { InfluxSeries, MetricsStore } from '../../influx/influx-client.js';
import { quoteString } from '../../influx/influxql.js';
import { rollupField } from '../metric-rollups/rollup-plan.js';
import type { MetricSource } from '../metrics/metric-source.js';
import { counterGrowth } from './counter-growth.js';

/** The newest sample's fields (and `uuid`, `model` tags) that health reads. */
export const LATEST_COLUMNS = [
  'uuid',
  'model',
  'temperature_c',
  'utilization_pct',
  'memory_temperature_c',
  'temperature_limit_margin_c',
  'pstate',
  'pcie_link_gen',
  'pcie_link_gen_max',
  'pcie_link_width',
  'pcie_link_width_max',
  'remapped_rows_uncorrectable',
  'xid_errors',
  'xid_last',
] as const;

/** The slowdown counters (µs the clocks were held back since the driver loaded). */
export const COUNTERS = ['throttle_power_us', 'throttle_thermal_us', 'throttle_hw_us'] as const;

export type LatestColumn = (typeof LATEST_COLUMNS)[number];
export type Counter = (typeof COUNTERS)[number];
type Cell = string | number | null;

/** What one GPU's health is made of, read from the samples (and rollup) of the window. */
export type GpuHealthRows = {
  gpu: number;
  /** Epoch ms of the newest sample in the window. */
  sampledAt: number;
  latest: Partial<Record<LatestColumn, Cell>>;
  /** How much each counter grew in the window (µs); absent when the GPU does not report it. */
  growth: Partial<Record<Counter, number>>;
  /** The `xid_last` values of the window: each was the GPU's newest Xid at some sample. */
  xids: number[];
};

export type Window = { from: Date; to: Date };

const ident = (name: string) => `"${name}"`;

function whereClause(deviceId: string, window: Window): string {
  return `"device" = ${quoteString(deviceId)} AND time >= ${window.from.getTime()}ms AND time < ${window.to.getTime()}ms`;
}

/** Each series' rows as records, keyed by the GPU index. */
function rowsByGpu(series: InfluxSeries[]): Map<number, Record<string, Cell>[]> {
  const byGpu = new Map<number, Record<string, Cell>[]>();
  for (const { tags, columns, values } of series) {
    const gpu = Number(tags?.gpu ?? 0);
    const rows = values.map((row) =>
      Object.fromEntries(columns.map((name, i) => [name, row[i] ?? null])),
    );
    byGpu.set(gpu, [...(byGpu.get(gpu) ?? []), ...rows]);
  }
  return byGpu;
}

function latestSamples(metrics: MetricsStore, where: string) {
  return metrics.query(
    `SELECT ${LATEST_COLUMNS.map(ident).join(', ')} FROM "gpu" WHERE ${where} GROUP BY "gpu" ORDER BY time DESC LIMIT 1`,
  );
}

/**
 * Each GPU's first sample of the counters in the window: where their growth starts. The
 * collector writes the three together (one driver plan), so their first row holds each one's
 * first value. A `LIMIT 1` read costs InfluxDB 1.x a block per field, not the whole window.
 */
function counterStarts(metrics: MetricsStore, where: string) {
  return metrics.query(
    `SELECT ${COUNTERS.map(ident).join(', ')} FROM "gpu" WHERE ${where} GROUP BY "gpu" LIMIT 1`,
  );
}

/** A bucket's columns, named as the rollup names them: `throttle_hw_us_max`. */
const AGGREGATES = ['max', 'last'] as const;

/**
 * Each counter's highest and last value per bucket of the raw samples. One statement for all
 * counters: InfluxDB 1.x reads them in one pass (a `non_negative_difference` subquery over
 * several fields took 20 times as long).
 */
function rawBuckets(metrics: MetricsStore, where: string, bucketMs: number) {
  const columns = COUNTERS.flatMap((name) =>
    AGGREGATES.map(
      (aggregate) => `${aggregate}(${ident(name)}) AS ${ident(rollupField(name, aggregate))}`,
    ),
  );
  return metrics.query(
    `SELECT ${columns.join(', ')} FROM "gpu" WHERE ${where} GROUP BY time(${bucketMs}ms), "gpu" fill(none)`,
  );
}

/** The same columns from a rollup policy, whose rows are its windows' highest and last values. */
function rolledUpBuckets(metrics: MetricsStore, where: string, policy: string) {
  const columns = COUNTERS.flatMap((name) =>
    AGGREGATES.map((aggregate) => ident(rollupField(name, aggregate))),
  );
  return metrics.query(`SELECT ${columns.join(', ')} FROM "gpu" WHERE ${where} GROUP BY "gpu"`, {
    retentionPolicy: policy,
  });
}

function numberIn(row: Record<string, Cell> | undefined, column: string): number | null {
  const cell = row?.[column];
  return typeof cell === 'number' ? cell : null;
}

/**
 * The counters' growth from the GPU's first sample on. A rollup's first hour may also hold
 * samples from before the window; it counts only when the first sample in the window lies in
 * it, and then its highest and last value are those of the window's part of the hour too.
 */
function growthOf(
  start: Record<string, Cell> | undefined,
  buckets: Record<string, Cell>[] = [],
  bucketMs: number,
): Partial<Record<Counter, number>> {
  if (!start) return {};
  const startBucket = Math.floor(Number(start.time) / bucketMs) * bucketMs;
  const after = buckets
    .filter((row) => Number(row.time) >= startBucket)
    .sort((a, b) => Number(a.time) - Number(b.time));
  const growth: Partial<Record<Counter, number>> = {};
  for (const counter of COUNTERS) {
    const grown = counterGrowth(
      numberIn(start, counter),
      after.map((row) => ({
        max: numberIn(row, rollupField(counter, 'max')),
        last: numberIn(row, rollupField(counter, 'last')),
      })),
    );
    if (grown !== undefined) growth[counter] = grown;
  }
  return growth;
}
function newestXids(metrics: MetricsStore, where: string) {
  return metrics.query(
    `SELECT distinct("xid_last") AS "xid" FROM "gpu" WHERE ${where} GROUP BY "gpu"`,
  );
}

const HOUR_MS = 3_600_000;

/**
 * The counters' buckets over the window: from the raw samples, or the rollup's windows up to
 * `splitMs` (from the start of the window's first one) and raw samples after it.
 */
async function counterBuckets(
  metrics: MetricsStore,
  deviceId: string,
  window: Window,
  source: MetricSource,
): Promise<{ rows: InfluxSeries[]; bucketMs: number }> {
  if (source.kind === 'raw') {
    return {
      rows: await rawBuckets(metrics, whereClause(deviceId, window), HOUR_MS),
      bucketMs: HOUR_MS,
    };
  }
  const { policy, splitMs } = source;
  const firstWindow = new Date(
    Math.floor(window.from.getTime() / policy.windowMs) * policy.windowMs,
  );
  const [rolledUp, recent] = await Promise.all([
    rolledUpBuckets(
      metrics,
      whereClause(deviceId, { from: firstWindow, to: new Date(splitMs) }),
      policy.name,
    ),
    rawBuckets(
      metrics,
      whereClause(deviceId, { from: new Date(splitMs), to: window.to }),
      policy.windowMs,
    ),
  ]);
  return { rows: [...rolledUp, ...recent], bucketMs: policy.windowMs };
}

/**
 * Per GPU that reported in the window: its newest sample, its counters' growth and its Xid
 * codes, in queries that InfluxDB answers side by side. `source` says where the counters' hours
 * come from (`chooseSource` for a step of an hour): a day of raw samples is most of the cost.
 */
export async function queryGpuHealth(
  metrics: MetricsStore,
  deviceId: string,
  window: Window,
  source: MetricSource,
): Promise<GpuHealthRows[]> {
  const where = whereClause(deviceId, window);
  const [latest, starts, buckets, xids] = await Promise.all([
    latestSamples(metrics, where).then(rowsByGpu),
    counterStarts(metrics, where).then(rowsByGpu),
    counterBuckets(metrics, deviceId, window, source),
    newestXids(metrics, where).then(rowsByGpu),
  ]);
  const bucketsByGpu = rowsByGpu(buckets.rows);
  const gpus: GpuHealthRows[] = [];
  for (const [gpu, [newest]] of latest) {
    if (!newest) continue;
    gpus.push({
      gpu,
      sampledAt: Number(newest.time),
      latest: newest,
      growth: growthOf(starts.get(gpu)?.[0], bucketsByGpu.get(gpu), buckets.bucketMs),
      xids: (xids.get(gpu) ?? []).flatMap((row) => (typeof row.xid === 'number' ? [row.xid] : [])),
    });
  }
  return gpus.sort((a, b) => a.gpu - b.gpu);
}
