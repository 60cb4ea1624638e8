import { silentLogger, type Logger } from '../lib/logger.js';
import { gpuPoint, servicePoint, type GpuReading } from '../telemetry/points.js';
import type { ParsedGpu } from './nvidia-smi/parse-query-output.js';
import { normalizeBusId, type XidReader, type XidSummary } from './nvidia-smi/xid-log.js';
import type { GpuInventory, GpuSource } from './source.js';

/** How a GPU source reads the driver: nvidia-smi (one process or a long-lived one) or NVML. */
export type GpuReader = {
  /** Every GPU now; throws when the driver cannot be read. */
  read(now: Date): Promise<ParsedGpu[]>;
  stop?(): Promise<void>;
};

export type DriverSourceOptions = {
  /** The source's name, also the subject of its log lines. */
  name: string;
  reader: GpuReader;
  /** Where `xid_errors` and `xid_last` come from. */
  readXids: XidReader;
  logger?: Logger;
};

const MAX_BACKOFF_MS = 5 * 60_000;
const FIRST_BACKOFF_MS = 10_000;

/** 0 after the first failure (try again next interval), then 10 s, 20 s, … up to 5 min. */
export function driverBackoffMs(failures: number): number {
  if (failures <= 1) return 0;
  return Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** (failures - 2));
}

function withXids(
  { reading, busId }: ParsedGpu,
  xids: Map<string, XidSummary> | undefined,
): GpuReading {
  const key = xids && busId ? normalizeBusId(busId) : undefined;
  if (!xids || !key) return reading;
  const summary = xids.get(key);
  const ints = { ...reading.ints, xid_errors: summary?.count ?? 0 };
  return { ...reading, ints: summary ? { ...ints, xid_last: summary.last } : ints };
}

/**
 * A GPU source over a reader: the `gpu` points, each GPU's Xid count and newest Xid, and the
 * `nvidia_driver` service (up when the last read answered). A failing driver is reported, not
 * thrown, and asked again with back-off.
 */
export function createDriverSource({
  name,
  reader,
  readXids,
  logger = silentLogger,
}: DriverSourceOptions): GpuSource {
  let failures = 0;
  let retryAt = 0;
  let lastProblem: string | undefined;

  async function readings(now: Date, withXidCounts: boolean): Promise<GpuReading[]> {
    const [gpus, xids] = await Promise.all([
      reader.read(now),
      withXidCounts ? readXids(now).catch(() => undefined) : undefined,
    ]);
    return gpus.map((gpu) => withXids(gpu, xids));
  }

  function failed(now: Date, error: unknown): void {
    failures += 1;
    const delay = driverBackoffMs(failures);
    retryAt = now.getTime() + delay;
    const problem = error instanceof Error ? error.message : String(error);
    if (problem !== lastProblem) {
      const retry = delay > 0 ? `retrying in ${Math.round(delay / 1000)} s` : 'retrying';
      logger.warn(`${name} failed (${problem}); reporting nvidia_driver down, ${retry}`);
      lastProblem = problem;
    }
  }

  return {
    name,
    async gather(now) {
      if (now.getTime() < retryAt) return [servicePoint('nvidia_driver', false, now)];
      try {
        const gpus = await readings(now, true);
        if (failures > 0) logger.info(`${name} answers again (${gpus.length} GPUs)`);
        failures = 0;
        lastProblem = undefined;
        return [
          ...gpus.map((reading) => gpuPoint(reading, now)),
          servicePoint('nvidia_driver', true, now),
        ];
      } catch (error) {
        failed(now, error);
        return [servicePoint('nvidia_driver', false, now)];
      }
    },
    async listGpus(now) {
      return (await readings(now, false)).map(toInventory);
    },
    async stop() {
      await reader.stop?.();
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
