import { silentLogger, type Logger } from '../../lib/logger.js';
import { describeFailure, runCommand, type CommandRunner } from '../../lib/run-command.js';
import { gpuPoint, servicePoint, type GpuReading } from '../../telemetry/points.js';
import type { GpuInventory, GpuSource } from '../source.js';
import { parseHelpQueryGpu } from './help-query-gpu.js';
import { parseQueryOutput, type ParsedGpu } from './parse-query-output.js';
import { isEmptyPlan, planQuery, type QueryPlan } from './query-plan.js';
import { createJournalXidReader, normalizeBusId, type XidReader } from './xid-log.js';

export type NvidiaSmiSourceOptions = {
  /** Path of the nvidia-smi executable (see `locateNvidiaSmi`). */
  binary: string;
  /** Limit for each nvidia-smi call. */
  timeoutMs?: number;
  run?: CommandRunner;
  /** Where `xid_errors` come from; the default reads the kernel log with journalctl. */
  readXids?: XidReader;
  logger?: Logger;
};

const MAX_BACKOFF_MS = 5 * 60_000;
const FIRST_BACKOFF_MS = 10_000;

/** 0 after the first failure (try again next interval), then 10 s, 20 s, … up to 5 min. */
export function driverBackoffMs(failures: number): number {
  if (failures <= 1) return 0;
  return Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** (failures - 2));
}

class NvidiaSmiError extends Error {
  override name = 'NvidiaSmiError';
}

function withXids(
  { reading, busId }: ParsedGpu,
  xids: Map<string, number> | undefined,
): GpuReading {
  const key = busId && normalizeBusId(busId);
  if (!xids || !key) return reading;
  return { ...reading, ints: { ...reading.ints, xid_errors: xids.get(key) ?? 0 } };
}

/**
 * GPU metrics from `nvidia-smi --query-gpu`. The driver is asked once which fields it knows
 * (one unknown field fails the whole query), and again after any failure, since a driver
 * update changes the set. Also reports the `nvidia_driver` service: up when the last query
 * answered. A failing driver is retried with back-off.
 */
export function createNvidiaSmiSource(options: NvidiaSmiSourceOptions): GpuSource {
  const { binary, timeoutMs = 5_000, run = runCommand, logger = silentLogger } = options;
  const readXids = options.readXids ?? createJournalXidReader({ run });
  let plan: QueryPlan | undefined;
  let failures = 0;
  let retryAt = 0;
  let lastProblem: string | undefined;

  async function loadPlan(): Promise<QueryPlan> {
    const help = await run(binary, ['--help-query-gpu'], { timeoutMs });
    if (help.code !== 0) throw new NvidiaSmiError(describeFailure(binary, help, timeoutMs));
    const chosen = planQuery(parseHelpQueryGpu(help.stdout));
    if (isEmptyPlan(chosen)) {
      throw new NvidiaSmiError(`${binary} --help-query-gpu lists none of the GPU metrics`);
    }
    return chosen;
  }

  async function query(now: Date, withXidCounts: boolean): Promise<GpuReading[]> {
    plan ??= await loadPlan();
    const args = [`--query-gpu=${plan.fields.join(',')}`, '--format=csv,noheader,nounits'];
    const [result, xids] = await Promise.all([
      run(binary, args, { timeoutMs }),
      withXidCounts ? readXids(now).catch(() => undefined) : undefined,
    ]);
    if (result.code !== 0) throw new NvidiaSmiError(describeFailure(binary, result, timeoutMs));
    const gpus = parseQueryOutput(result.stdout, plan);
    if (gpus.length === 0) throw new NvidiaSmiError(`${binary} listed no GPUs`);
    return gpus.map((gpu) => withXids(gpu, xids));
  }

  function failed(now: Date, error: unknown): void {
    plan = undefined;
    failures += 1;
    const delay = driverBackoffMs(failures);
    retryAt = now.getTime() + delay;
    const problem = error instanceof Error ? error.message : String(error);
    if (problem !== lastProblem) {
      const retry = delay > 0 ? `retrying in ${Math.round(delay / 1000)} s` : 'retrying';
      logger.warn(`nvidia-smi failed (${problem}); reporting nvidia_driver down, ${retry}`);
      lastProblem = problem;
    }
  }

  return {
    name: 'nvidia-smi',
    async gather(now) {
      if (now.getTime() < retryAt) return [servicePoint('nvidia_driver', false, now)];
      try {
        const readings = await query(now, true);
        if (failures > 0) logger.info(`nvidia-smi answers again (${readings.length} GPUs)`);
        failures = 0;
        lastProblem = undefined;
        return [
          ...readings.map((reading) => gpuPoint(reading, now)),
          servicePoint('nvidia_driver', true, now),
        ];
      } catch (error) {
        failed(now, error);
        return [servicePoint('nvidia_driver', false, now)];
      }
    },
    async listGpus(now) {
      const readings = await query(now, false);
      return readings.map(toInventory);
    },
  };
}

export function toInventory(reading: GpuReading): GpuInventory {
  const gpu: GpuInventory = {
    index: reading.index,
    model: reading.model ?? 'NVIDIA GPU',
    memoryTotalMiB: Math.max(0, Math.round(reading.floats.memory_total_mib ?? 0)),
  };
  if (reading.uuid) gpu.uuid = reading.uuid;
  return gpu;
}
