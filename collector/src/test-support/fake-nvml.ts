import { readFileSync } from 'node:fs';
import path from 'node:path';
import { NVIDIA_FIXTURES_DIR } from '@ioworker/tools/fixtures';
import { NvmlError, type Nvml, type NvmlDevice, type NvmlXidEvent } from '../sources/nvml/nvml.js';

/** One GPU as NVML reports it; a reading left out is one NVML refuses as not supported. */
export type FakeGpu = {
  uuid: string;
  name: string;
  pciBusId: string;
  temperatureC: number;
  powerMw: number;
  powerLimitMw: number;
  utilization: { gpuPct: number; memoryPct: number };
  memory: { totalBytes: number; usedBytes: number };
  fanPct?: number;
  clocks: { sm: number; memory: number };
  throttleReasons: bigint;
  eccUncorrected?: number;
  totalEnergyMj: number;
};

const MIB = 1024 * 1024;
type NineValues = [number, number, number, number, number, number, number, number, number];
const NOT_SUPPORTED = 3;

/**
 * The H200 captured for this project: the nine values pynvml read there (h200-read-costs.json,
 * in the order of its `nvml_us_per_call`), the identity and memory from the idle nvidia-smi
 * capture (pynvml read memory with the v1 call, which adds the driver's reserved 616 MiB to
 * "used"). It is passively cooled: no fan.
 */
export function recordedH200(): FakeGpu {
  const costs = JSON.parse(
    readFileSync(path.join(NVIDIA_FIXTURES_DIR, 'h200-read-costs.json'), 'utf8'),
  ) as { nvml: { sample: string[] } };
  const [temperature, power, utilization, , smClock, memClock, powerLimit, throttle, energy] =
    costs.nvml.sample.map(Number) as NineValues;
  return {
    uuid: 'GPU-946656f8-3eaf-f269-4bdd-1fab5a831ef0',
    name: 'NVIDIA H200',
    pciBusId: '0:0:6',
    temperatureC: temperature,
    powerMw: power,
    powerLimitMw: powerLimit,
    utilization: { gpuPct: utilization, memoryPct: 0 },
    memory: { totalBytes: 143_771 * MIB, usedBytes: 0 },
    clocks: { sm: smClock, memory: memClock },
    throttleReasons: BigInt(throttle),
    eccUncorrected: 0,
    totalEnergyMj: energy,
  };
}

function supported<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new NvmlError(NOT_SUPPORTED, `${what}: Not Supported`);
  return value;
}

export type FakeNvml = Nvml & {
  /** The GPUs it reports; edit to change the next read. */
  gpus: FakeGpu[];
  /** When set, every call fails with it (a driver that went away). */
  failure?: NvmlError;
  energyReads: number;
  shutdowns: number;
  /** Xid events the driver has waiting; undefined: no GPU delivers them. */
  xidEvents?: NvmlXidEvent[];
};

/** An `Nvml` that answers from `gpus`, as the koffi binding would from the driver. */
export function createFakeNvml(gpus: FakeGpu[]): FakeNvml {
  const fake: FakeNvml = {
    gpus,
    energyReads: 0,
    shutdowns: 0,
    deviceCount() {
      if (fake.failure) throw fake.failure;
      return fake.gpus.length;
    },
    watchXids() {
      if (fake.failure) throw fake.failure;
      if (!fake.xidEvents) return undefined;
      return { drain: () => fake.xidEvents?.splice(0) ?? [] };
    },
    device(index) {
      const gpu = fake.gpus[index];
      if (!gpu) throw new NvmlError(2, 'Invalid Argument');
      const device: NvmlDevice = {
        uuid: () => gpu.uuid,
        name: () => gpu.name,
        pciBusId: () => gpu.pciBusId,
        temperatureC: () => gpu.temperatureC,
        powerMw: () => gpu.powerMw,
        powerLimitMw: () => gpu.powerLimitMw,
        utilization: () => gpu.utilization,
        memory: () => gpu.memory,
        fanPct: () => supported(gpu.fanPct, 'nvmlDeviceGetFanSpeed'),
        clockMhz: (clock) => gpu.clocks[clock],
        throttleReasons: () => gpu.throttleReasons,
        eccUncorrected: () => supported(gpu.eccUncorrected, 'nvmlDeviceGetTotalEccErrors'),
        totalEnergyMj() {
          fake.energyReads += 1;
          return gpu.totalEnergyMj;
        },
      };
      return device;
    },
    shutdown() {
      fake.shutdowns += 1;
    },
  };
  return fake;
}
