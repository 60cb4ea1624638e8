import type { DiskLog } from '../buffer/disk-log.js';
import { silentLogger, type Logger } from '../lib/logger.js';
import { createAlarm, sleep } from '../lib/sleep.js';
import type { Shipper } from '../shipping/shipper.js';
import { encodeLines } from '../telemetry/encode-lines.js';
import type { Sampler } from './sampler.js';

export type AgentLoopOptions = {
  sampler: Sampler;
  log: Pick<DiskLog, 'append'>;
  shipper: Pick<Shipper, 'wake'>;
  intervalMs: number;
  /**
   * The shipper is woken after the first sample and then after the first sample on or past
   * each multiple of this (default: every sample). See `defaultFlushMs`.
   */
  flushEveryMs?: number;
  logger?: Logger;
};

/** The first multiple of the interval after `afterMs`, so samples land on round times. */
export function nextTick(afterMs: number, intervalMs: number): number {
  return afterMs - (afterMs % intervalMs) + intervalMs;
}

/**
 * Samples at once and then on every interval boundary, stamped with that boundary: each sample
 * is appended to the disk log first; the shipper is woken to send what is buffered every
 * `flushEveryMs` (one request for several samples, as Telegraf's `flush_interval`). A slow
 * sample skips ticks rather than piling up.
 */
export function startAgentLoop({
  sampler,
  log,
  shipper,
  intervalMs,
  flushEveryMs = intervalMs,
  logger = silentLogger,
}: AgentLoopOptions) {
  let stopped = false;
  const alarm = createAlarm();
  let flushAtMs = Number.NEGATIVE_INFINITY;

  async function tick(now: Date): Promise<void> {
    const lines = encodeLines(await sampler.sample(now));
    try {
      await log.append(lines);
    } catch (error) {
      logger.error(`could not buffer a sample on disk: ${(error as Error).message}`);
      return;
    }
    // On or past the boundary, not on it: a sample that overran one must not skip a flush.
    const at = now.getTime();
    if (at >= flushAtMs) {
      shipper.wake();
      flushAtMs = nextTick(at, flushEveryMs);
    }
  }

  const done = (async () => {
    let tickMs = Date.now();
    while (!stopped) {
      await tick(new Date(tickMs)).catch((error: unknown) => {
        logger.error(`sampling failed: ${(error as Error).message}`);
      });
      // From the tick just taken, not from the clock alone: a timer that fires a little early
      // must not sample the same interval twice.
      tickMs = nextTick(Math.max(Date.now(), tickMs), intervalMs);
      await alarm.wait(tickMs - Date.now());
    }
  })();

  return {
    /** Stops sampling; waits up to `timeoutMs` for a sample in progress to be buffered. */
    async stop({ timeoutMs = 2_000 }: { timeoutMs?: number } = {}): Promise<void> {
      stopped = true;
      alarm.ring();
      await Promise.race([done, sleep(timeoutMs)]);
    },
  };
}
