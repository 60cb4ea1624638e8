import { silentLogger, type Logger } from '../../lib/logger.js';
import type { GpuReading } from '../../telemetry/points.js';
import { createDriverSource, type GpuReader } from '../driver-source.js';
import type { ParsedGpu } from '../nvidia-smi/parse-query-output.js';
import { createJournalXidReader, type XidReader } from '../nvidia-smi/xid-log.js';
import { journalOrNvmlXids } from './nvml-xids.js';
import type { GpuSource } from '../source.js';
import { NvmlError, PROTECTIVE_THROTTLE_MASK, type Nvml, type NvmlDevice } from './nvml.js';

export type NvmlSourceOptions = {
  nvml: Nvml;
  /**
   * Where `xid_errors` come from; the default reads the kernel log with journalctl, or where it
   * cannot, NVML's Xid events.
   */
  readXids?: XidReader;
  logger?: Logger;
};

// The energy counter costs about 4 ms of CPU per GPU on an H200 (fixtures/nvidia-smi/
// h200-read-costs.json), against about 25 µs for every other reading together.
const ENERGY_EVERY_MS = 60_000;
const MIB = 1024 * 1024;

/** What does not change while the driver runs, read once per device. */
type KnownGpu = { device: NvmlDevice; uuid?: string; model?: string; busId?: string };

/** A value NVML refuses (not supported, no permission, …) is absent, never 0. */
function optional<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (error) {
    if (error instanceof NvmlError) return undefined;
    throw error;
  }
}

const scaled = (value: number | undefined, divisor: number) =>
  value === undefined ? undefined : value / divisor;

function readGpu({ device, uuid, model, busId }: KnownGpu, index: number, withEnergy: boolean) {
  const memory = optional(() => device.memory());
  const throttle = optional(() => device.throttleReasons());
  const reading: GpuReading = {
    index,
    floats: {
      temperature_c: optional(() => device.temperatureC()),
      power_w: scaled(
        optional(() => device.powerMw()),
        1000,
      ),
      power_limit_w: scaled(
        optional(() => device.powerLimitMw()),
        1000,
      ),
      utilization_pct: optional(() => device.utilization())?.gpuPct,
      // Whole MiB, as nvidia-smi prints them.
      memory_used_mib: memory && Math.floor(memory.usedBytes / MIB),
      memory_total_mib: memory && Math.floor(memory.totalBytes / MIB),
      fan_pct: optional(() => device.fanPct()),
      sm_clock_mhz: optional(() => device.clockMhz('sm')),
      mem_clock_mhz: optional(() => device.clockMhz('memory')),
    },
    ints: {
      throttled:
        throttle === undefined ? undefined : Number((throttle & PROTECTIVE_THROTTLE_MASK) > 0n),
      ecc_errors: optional(() => device.eccUncorrected()),
      energy_mj: withEnergy ? optional(() => device.totalEnergyMj()) : undefined,
    },
  };
  if (uuid) reading.uuid = uuid;
  if (model) reading.model = model;
  const gpu: ParsedGpu = { reading };
  if (busId) gpu.busId = busId;
  return gpu;
}

function identify(nvml: Nvml, index: number): KnownGpu {
  const device = nvml.device(index);
  return {
    device,
    uuid: optional(() => device.uuid()),
    model: optional(() => device.name()),
    busId: optional(() => device.pciBusId()),
  };
}

/** Reads every GPU in-process, about 25 µs a GPU: no process per sample. */
function createNvmlReader(nvml: Nvml): GpuReader {
  let known: KnownGpu[] = [];
  let energyDueAt = Number.NEGATIVE_INFINITY;

  return {
    async read(now) {
      const count = nvml.deviceCount();
      if (count === 0) throw new Error('NVML sees no GPUs');
      // A GPU that fell off the bus changes the count: identify the devices again.
      if (known.length !== count)
        known = Array.from({ length: count }, (_, index) => identify(nvml, index));
      const withEnergy = now.getTime() >= energyDueAt;
      if (withEnergy) energyDueAt = now.getTime() + ENERGY_EVERY_MS;
      return known.map((gpu, index) => readGpu(gpu, index, withEnergy));
    },
    async stop() {
      optional(() => nvml.shutdown());
    },
  };
}

/**
 * GPU metrics from NVML, the library nvidia-smi itself reads, loaded into the collector
 * (`loadNvml`). Reports the `nvidia_driver` service like the nvidia-smi source. `energy_mj` is
 * read once a minute, not every sample; Xids come from the kernel log, or NVML's events.
 */
export function createNvmlSource(options: NvmlSourceOptions): GpuSource {
  const { nvml, logger = silentLogger } = options;
  return createDriverSource({
    name: 'nvml',
    reader: createNvmlReader(nvml),
    readXids:
      options.readXids ??
      journalOrNvmlXids(createJournalXidReader(), () => nvml.watchXids(), logger),
    logger,
  });
}
