import { formatLine, type FieldValue } from '@ioworker/contract/line-protocol';
import type { Measurement } from '@ioworker/contract/telemetry';
import {
  MetricsUnavailableError,
  type InfluxSeries,
  type MetricsStore,
} from '../../influx/influx-client.js';
import { quoteIdentifier } from '../../influx/retention-policies.js';
import {
  ROLLED_MEASUREMENTS,
  rollupColumns,
  type RollupColumn,
  type RollupPolicy,
} from './rollup-plan.js';

/**
 * Source rows one aggregate query should read at most (InfluxDB 1.x aggregates ~0.5 M values a
 * second here, and a query times out after 10 s): the span of a query follows from how many
 * series the last one found, and grows at most fourfold from one to the next.
 */
const SOURCE_ROWS_PER_QUERY = 60_000;
const MAX_WINDOWS_PER_QUERY = 10_000;
const FIRST_WINDOWS_PER_QUERY = 60;
const GROWTH = 4;
const LINES_PER_WRITE = 5000;

export type WindowRange = { fromMs: number; toMs: number };

function quoteString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/**
 * The aggregate query of one measurement's windows, from the raw policy (INFLUX_RP or the
 * database's default) or from the finer rollup the policy is computed from. `GROUP BY *` keeps
 * every tag, so each rollup row has its raw series' key.
 */
export function rollupQuery(
  measurement: Measurement,
  policy: RollupPolicy,
  range: WindowRange,
  deviceId?: string,
): string {
  const fromRollup = policy.source !== 'raw';
  const columns = rollupColumns(measurement)
    .map(({ name, field, aggregate }) => {
      const source = quoteIdentifier(fromRollup ? name : field);
      return `${aggregate}(${source}) AS ${quoteIdentifier(name)}`;
    })
    .join(', ');
  const device = deviceId ? ` AND "device" = ${quoteString(deviceId)}` : '';
  return (
    `SELECT ${columns} FROM ${quoteIdentifier(measurement)} ` +
    `WHERE time >= ${range.fromMs}ms AND time < ${range.toMs}ms${device} ` +
    `GROUP BY time(${policy.windowMs / 1000}s), * fill(none)`
  );
}

function fieldValue(column: RollupColumn, value: unknown): FieldValue | undefined {
  if (value === null || value === undefined) return undefined;
  if (column.type === 'string') return { type: 'string', value: String(value) };
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  if (column.type === 'int') return { type: 'int', value: BigInt(Math.round(value)) };
  return { type: 'float', value };
}

/** Rollup rows as line protocol, timestamps in ms (the window's start). */
export function rollupLines(measurement: Measurement, series: InfluxSeries[]): string[] {
  const byName = new Map(rollupColumns(measurement).map((column) => [column.name, column]));
  const lines: string[] = [];
  for (const one of series) {
    const columns = one.columns.map((name) => byName.get(name));
    const tags = Object.entries(one.tags ?? {});
    for (const row of one.values) {
      const fields: [string, FieldValue][] = [];
      for (let index = 1; index < row.length; index += 1) {
        const column = columns[index];
        const value = column && fieldValue(column, row[index]);
        if (column && value) fields.push([column.name, value]);
      }
      if (fields.length === 0) continue;
      lines.push(formatLine({ measurement, tags, fields, timestamp: BigInt(Number(row[0])) }));
    }
  }
  return lines;
}

async function writeLines(metrics: MetricsStore, policy: RollupPolicy, lines: string[]) {
  for (let start = 0; start < lines.length; start += LINES_PER_WRITE) {
    await metrics.write(lines.slice(start, start + LINES_PER_WRITE).join('\n'), {
      precision: 'ms',
      retentionPolicy: policy.name,
    });
  }
}

async function computeSpan(
  metrics: MetricsStore,
  policy: RollupPolicy,
  range: WindowRange,
  deviceId: string | undefined,
): Promise<{ rows: number; seriesPerWindow: number }> {
  const retentionPolicy = policy.source === 'raw' ? undefined : policy.source.name;
  const windows = (range.toMs - range.fromMs) / policy.windowMs;
  // The measurements at once: InfluxDB runs them on its cores side by side.
  const written = await Promise.all(
    ROLLED_MEASUREMENTS.map(async (measurement) => {
      const query = rollupQuery(measurement, policy, range, deviceId);
      const lines = rollupLines(measurement, await metrics.query(query, { retentionPolicy }));
      await writeLines(metrics, policy, lines);
      return lines.length;
    }),
  );
  return {
    rows: written.reduce((sum, rows) => sum + rows, 0),
    seriesPerWindow: Math.max(...written) / windows,
  };
}

/**
 * Computes the windows of `range` (aligned to the policy's window) from the policy's source and
 * writes them to the policy: the same rows each time for the same source data, so a window
 * computed again is overwritten in place (same series, same timestamp). A span InfluxDB does not
 * answer in time is tried again a quarter as long. `onProgress` hears the end of each span done,
 * in order.
 *
 * @example
 * await computeWindows(metrics, POLICIES[0], { fromMs, toMs }, { deviceId });
 */
export async function computeWindows(
  metrics: MetricsStore,
  policy: RollupPolicy,
  range: WindowRange,
  options: {
    deviceId?: string;
    signal?: AbortSignal;
    onProgress?: (doneUntilMs: number) => Promise<void>;
  } = {},
): Promise<number> {
  let written = 0;
  let windows = FIRST_WINDOWS_PER_QUERY;
  for (let fromMs = range.fromMs; fromMs < range.toMs;) {
    if (options.signal?.aborted) break;
    const toMs = Math.min(range.toMs, fromMs + windows * policy.windowMs);
    let span: { rows: number; seriesPerWindow: number };
    try {
      span = await computeSpan(metrics, policy, { fromMs, toMs }, options.deviceId);
    } catch (error) {
      if (!(error instanceof MetricsUnavailableError) || windows === 1) throw error;
      windows = Math.max(1, Math.floor(windows / GROWTH));
      continue;
    }
    written += span.rows;
    await options.onProgress?.(toMs);
    const fitting =
      SOURCE_ROWS_PER_QUERY / (Math.max(span.seriesPerWindow, 1) * policy.rowsPerWindow);
    windows = Math.max(1, Math.min(MAX_WINDOWS_PER_QUERY, windows * GROWTH, Math.floor(fitting)));
    fromMs = toMs;
  }
  return written;
}
