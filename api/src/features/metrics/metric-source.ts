import type { Config } from '../../config.js';
import type { Executor } from '../../db/database.js';
import type { MetricsStore } from '../../influx/influx-client.js';
import { ApiError } from '../../lib/api-error.js';
import { staleFrom, watermarks } from '../metric-rollups/metric-rollups.queries.js';
import { POLICIES, type RollupPolicy } from '../metric-rollups/rollup-plan.js';

export type MetricRange = { from: Date; to: Date; stepS: number };

/**
 * Where a chart's points come from: the raw samples, or a rollup policy for `[from, splitMs)`
 * and after it (windows not rolled up yet) the `tail` policy, a finer rollup, or else the raw
 * samples (always for a device with late samples not recomputed yet).
 */
export type MetricSource =
  { kind: 'raw' } | { kind: 'rollup'; policy: Policy; splitMs: number; tail: Policy | undefined };

type Policy = { name: string; windowMs: number };

/**
 * The coarsest series that still gives a point per step: a rollup whose window fits in the step
 * and that keeps data as old as `from`; else the raw samples if they reach back that far; else
 * the finest rollup that does (fewer points rather than none).
 *
 * @example
 * choosePolicy({ from: thirtyDaysAgo, to: now, stepS: 3600 }, retention, Date.now()); // rollup_1h
 */
export function choosePolicy(
  range: MetricRange,
  retention: Config['influx']['retention'],
  nowMs: number,
): RollupPolicy | undefined {
  const keeps = (seconds: number) => range.from.getTime() >= nowMs - seconds * 1000;
  const coarsestFirst = [...POLICIES].sort((a, b) => b.windowMs - a.windowMs);
  const fitting = coarsestFirst.find(
    (policy) => policy.windowMs <= range.stepS * 1000 && keeps(retention[policy.key].seconds),
  );
  if (fitting || keeps(retention.raw.seconds)) return fitting;
  return coarsestFirst.reverse().find((policy) => keeps(retention[policy.key].seconds));
}

/** Picks the series for a device's chart, and where its rollup stops being current. */
export async function chooseSource(
  db: Executor,
  influx: Pick<Config['influx'], 'retention' | 'rollups'>,
  deviceId: string,
  range: MetricRange,
  nowMs: number = Date.now(),
): Promise<MetricSource> {
  if (!influx.rollups) return { kind: 'raw' };
  const policy = choosePolicy(range, influx.retention, nowMs);
  if (!policy) return { kind: 'raw' };
  const [marks, stale] = await Promise.all([watermarks(db), staleFrom(db, deviceId)]);
  const current = Math.min(marks.get(policy.name) ?? 0, stale ?? Infinity, range.to.getTime());
  const stepMs = range.stepS * 1000;
  const splitMs = Math.floor(current / stepMs) * stepMs;
  if (splitMs <= range.from.getTime()) return { kind: 'raw' };
  // The newest hour of a month from the 1-minute rollup: 60 rows a GPU instead of 360 samples.
  // Its last few minutes (not rolled up yet) are left out; a stale device reads raw samples.
  const finer = POLICIES.find((candidate) => candidate.windowMs < policy.windowMs);
  const tail =
    finer && stale === null && (marks.get(finer.name) ?? 0) > splitMs
      ? { name: finer.name, windowMs: finer.windowMs }
      : undefined;
  const { name, windowMs } = policy;
  return { kind: 'rollup', policy: { name, windowMs }, splitMs, tail };
}

/** The metrics store, or 503 `metrics_unavailable` on a server without InfluxDB. */
export function requireMetrics(metrics: MetricsStore | undefined): MetricsStore {
  if (!metrics) {
    throw new ApiError(
      503,
      'metrics_unavailable',
      'Metrics storage is not configured on this server.',
    );
  }
  return metrics;
}
