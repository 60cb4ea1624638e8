import { performance } from 'node:perf_hooks';
import type { Logger } from '../../lib/logger.js';
import { driverBackoffMs, type GpuReader } from '../driver-source.js';
import { parseGpuRow } from './parse-query-output.js';
import type { QueryPlan } from './query-plan.js';
import { startQueryLoop, type QueryLoop, type Refresh } from './query-loop.js';
import type { QueryPlans } from './query-plans.js';

export type LoopReaderOptions = {
  binary: string;
  intervalMs: number;
  /** How long a start may take to print its first refresh. */
  timeoutMs: number;
  plans: QueryPlans;
  /** One process per read: used while the loop does not run. */
  fallback: GpuReader;
  logger: Logger;
};

/** A child silent for this many intervals (and at least the timeout) is taken as hung. */
const STALE_INTERVALS = 3;
/** A child that ran this long was healthy: when it ends, it is restarted at once. */
const HEALTHY_RUN_MS = 60_000;

function readingsOf(refresh: Refresh, plan: QueryPlan) {
  return refresh.map((row, position) => parseGpuRow(row, plan, position));
}

/**
 * Reads the newest refresh of one long-lived `nvidia-smi … -lms <interval>` child, so that a
 * sample starts no process. A child that exits or hangs is stopped and started again, at once
 * the first time and then with back-off; every start asks the driver for its fields again, so
 * a changed driver is re-planned. While the child does not run, each read starts one process.
 */
export function createLoopReader(options: LoopReaderOptions): GpuReader {
  const { binary, intervalMs, timeoutMs, plans, fallback, logger } = options;
  const staleAfterMs = Math.max(STALE_INTERVALS * intervalMs, timeoutMs);
  let running: { loop: QueryLoop; plan: QueryPlan; startedAt: number } | undefined;
  let failures = 0;
  let restartAt = 0;

  function problemOf(loop: QueryLoop): string | undefined {
    const silentMs = performance.now() - loop.lastRowAt();
    if (silentMs <= staleAfterMs) return loop.exitReason();
    return `${binary} -lms printed nothing for ${Math.round(silentMs / 1000)} s`;
  }

  function backOff(now: Date, problem: string, ranMs: number): void {
    failures = ranMs >= HEALTHY_RUN_MS ? 1 : failures + 1;
    const delay = driverBackoffMs(failures);
    restartAt = now.getTime() + delay;
    const next =
      delay > 0 ? `starting it again in ${Math.round(delay / 1000)} s` : 'starting it again';
    logger.warn(`${problem}; one nvidia-smi process per sample meanwhile, ${next}`);
  }

  async function stopRunning(now: Date, problem: string): Promise<void> {
    if (!running) return;
    const { loop, startedAt } = running;
    running = undefined;
    await loop.stop();
    backOff(now, problem, performance.now() - startedAt);
  }

  async function start(now: Date): Promise<void> {
    try {
      const plan = await plans.reload();
      const loop = startQueryLoop({ binary, plan, intervalMs });
      running = { loop, plan, startedAt: performance.now() };
      const first = await loop.firstRefresh(timeoutMs);
      if (!first) {
        await stopRunning(now, loop.exitReason() ?? `${binary} -lms printed no refresh in time`);
      }
    } catch (error) {
      backOff(now, (error as Error).message, 0);
    }
  }

  return {
    async read(now) {
      const problem = running && problemOf(running.loop);
      if (problem) await stopRunning(now, problem);
      if (!running && now.getTime() >= restartAt) await start(now);
      const refresh = running?.loop.latest();
      if (running && refresh) return readingsOf(refresh, running.plan);
      return fallback.read(now);
    },
    async stop() {
      const loop = running?.loop;
      running = undefined;
      await loop?.stop();
    },
  };
}
