import type { AppDeps } from '../../app-env.js';
import { markStale } from './metric-rollups.queries.js';
import { LATE_AFTER_MS } from './rollup-scheduler.js';

/** The earliest sample time before `lateBeforeMs`, or undefined when none is that old. */
export function earliestLateTime(
  points: readonly { timeMs: number }[],
  lateBeforeMs: number,
): number | undefined {
  let earliest: number | undefined;
  for (const { timeMs } of points) {
    if (timeMs < lateBeforeMs && (earliest === undefined || timeMs < earliest)) earliest = timeMs;
  }
  return earliest;
}

/**
 * After a write is stored: a device that sent samples older than `LATE_AFTER_MS` (a collector
 * replaying its buffer after an outage) is marked stale from the earliest of them, so the rollup
 * loop computes those windows again. Marked after the write, so a recompute never reads before
 * the samples are there; a failed mark fails the request, and the node sends the batch again
 * (the same points overwrite themselves). The gateway passes the points it already parsed.
 */
export async function markLateSamples(
  deps: Pick<AppDeps, 'db' | 'config'>,
  deviceId: string,
  points: readonly { timeMs: number }[],
  nowMs = Date.now(),
): Promise<void> {
  if (!deps.config.influx.rollups) return;
  const fromMs = earliestLateTime(points, nowMs - LATE_AFTER_MS);
  if (fromMs !== undefined) await markStale(deps.db, [{ deviceId, fromMs: Math.floor(fromMs) }]);
}
