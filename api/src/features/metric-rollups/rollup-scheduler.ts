import type { AppDeps } from '../../app-env.js';
import type { MetricsStore } from '../../influx/influx-client.js';
import { repeatWithPause } from '../../lib/repeat.js';
import {
  advanceWatermark,
  clearStale,
  staleDevices,
  watermarks,
} from './metric-rollups.queries.js';
import { computeWindows } from './rollup-compute.js';
import { POLICIES, type RollupPolicy } from './rollup-plan.js';

/**
 * A window is computed once it ended this long ago. Samples arriving later than
 * `LATE_AFTER_MS` behind their time mark their device stale (late-writes.ts); the difference is
 * the time a write that was not marked has to land in InfluxDB before its window is read.
 */
export const SETTLE_MS = 3 * 60_000;
export const LATE_AFTER_MS = 2 * 60_000;
/** With every series kept forever, a first pass starts no further back than charts reach. */
const MAX_BACKFILL_S = 400 * 86_400;
/** Stale devices recomputed per run: a fleet replaying at once is worked off over a few runs. */
const STALE_DEVICES_PER_RUN = 50;

export type RollupDeps = Pick<AppDeps, 'db' | 'config' | 'logger'>;

export type RollupRun = { rows: number; staleDevices: number };

const floorTo = (ms: number, stepMs: number) => Math.floor(ms / stepMs) * stepMs;

/**
 * The oldest window a policy is computed for: as far back as it, and every series it is computed
 * from (raw samples, the 1-minute rollup), keep data, and 400 days at most.
 */
function oldestWindow(deps: RollupDeps, policy: RollupPolicy, nowMs: number): number {
  const { retention } = deps.config.influx;
  const sources = POLICIES.slice(0, POLICIES.indexOf(policy) + 1);
  const keptS = Math.min(
    MAX_BACKFILL_S,
    retention.raw.seconds,
    ...sources.map((p) => retention[p.key].seconds),
  );
  return floorTo(nowMs - keptS * 1000, policy.windowMs);
}

/**
 * One pass: each policy's windows from its watermark to `now - SETTLE_MS`, fleet wide, saving
 * the watermark after each span; then each stale device's windows from its mark to the
 * watermark, and its mark cleared (unless a newer one came meanwhile).
 */
export async function runRollups(
  deps: RollupDeps,
  metrics: MetricsStore,
  options: { nowMs?: number; signal?: AbortSignal } = {},
): Promise<RollupRun> {
  const nowMs = options.nowMs ?? Date.now();
  const { signal } = options;
  const marks = await watermarks(deps.db);
  const run: RollupRun = { rows: 0, staleDevices: 0 };
  for (const policy of POLICIES) {
    // Never past what its source has: a pass cut short leaves the 1-minute rollup behind.
    const sourceUntil =
      policy.source === 'raw' ? Infinity : (marks.get(policy.source.name) ?? -Infinity);
    const untilMs = floorTo(Math.min(nowMs - SETTLE_MS, sourceUntil), policy.windowMs);
    const fromMs = Math.max(marks.get(policy.name) ?? -Infinity, oldestWindow(deps, policy, nowMs));
    run.rows += await computeWindows(
      metrics,
      policy,
      { fromMs, toMs: untilMs },
      {
        signal,
        onProgress: async (doneMs) => {
          await advanceWatermark(deps.db, policy.name, doneMs);
          marks.set(policy.name, doneMs);
        },
      },
    );
  }
  for (const device of await staleDevices(deps.db, STALE_DEVICES_PER_RUN)) {
    if (signal?.aborted) break;
    for (const policy of POLICIES) {
      const range = {
        fromMs: Math.max(
          floorTo(device.fromMs, policy.windowMs),
          oldestWindow(deps, policy, nowMs),
        ),
        toMs: marks.get(policy.name) ?? 0,
      };
      run.rows += await computeWindows(metrics, policy, range, {
        deviceId: device.deviceId,
        signal,
      });
    }
    if (signal?.aborted) break;
    await clearStale(deps.db, device);
    run.staleDevices += 1;
  }
  return run;
}

/**
 * The rollup loop, beside the alert evaluator: a pass every `ROLLUP_INTERVAL_MS`. Runs never
 * overlap in one process; two processes would write the same rows (harmless, only wasted work).
 */
export function startMetricRollups(
  deps: RollupDeps & Pick<AppDeps, 'metrics'>,
): () => Promise<void> {
  const { metrics } = deps;
  if (!metrics || !deps.config.influx.rollups) return async () => {};
  const stopping = new AbortController();
  const stop = repeatWithPause(
    async () => {
      const run = await runRollups(deps, metrics, { signal: stopping.signal });
      if (run.rows > 0) deps.logger.debug(run, 'metric rollups computed');
    },
    deps.config.influx.rollupIntervalMs,
    (error) => deps.logger.warn({ err: error.message }, 'metric rollups failed'),
  );
  return async () => {
    stopping.abort();
    await stop();
  };
}
