import { silentLogger, type Logger } from '../../lib/logger.js';
import { runCommand, type CommandRunner } from '../../lib/run-command.js';
import { createDriverSource } from '../driver-source.js';
import type { GpuSource } from '../source.js';
import { createLoopReader } from './loop-reader.js';
import { createPerProcessReader } from './per-process-reader.js';
import { createQueryPlans } from './query-plans.js';
import { createJournalXidReader, type XidReader } from './xid-log.js';

export type NvidiaSmiSourceOptions = {
  /** Path of the nvidia-smi executable (see `locateNvidiaSmi`). */
  binary: string;
  /** Limit for each nvidia-smi call, and for a long-lived one's first refresh. */
  timeoutMs?: number;
  /**
   * The sampling interval, for a long-lived `nvidia-smi … -lms` child that refreshes on it.
   * Without it (one-off commands) each sample starts one nvidia-smi process.
   */
  loopIntervalMs?: number;
  run?: CommandRunner;
  /** Where `xid_errors` come from; the default reads the kernel log with journalctl. */
  readXids?: XidReader;
  logger?: Logger;
};

/**
 * GPU metrics from `nvidia-smi --query-gpu`. The driver is asked once which fields it knows
 * (one unknown field fails the whole query), and again after any failure, since a driver
 * update changes the set. Also reports the `nvidia_driver` service: up when the last query
 * answered. A failing driver is retried with back-off.
 */
export function createNvidiaSmiSource(options: NvidiaSmiSourceOptions): GpuSource {
  const { binary, timeoutMs = 5_000, run = runCommand, logger = silentLogger } = options;
  const plans = createQueryPlans({ binary, run, timeoutMs });
  const perProcess = createPerProcessReader({ binary, run, timeoutMs, plans });
  const reader =
    options.loopIntervalMs === undefined
      ? perProcess
      : createLoopReader({
          binary,
          intervalMs: options.loopIntervalMs,
          timeoutMs,
          plans,
          fallback: perProcess,
          logger,
        });
  return createDriverSource({
    name: 'nvidia-smi',
    reader,
    readXids: options.readXids ?? createJournalXidReader({ run }),
    logger,
  });
}
