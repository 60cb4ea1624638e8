import { gpuPoint, round, type GpuReading } from '../../telemetry/points.js';
import type { GpuInventory, GpuSource } from '../source.js';
import {
  fanFor,
  powerFor,
  RTX_4090,
  stepThermal,
  THROTTLED_CLOCK_FACTOR,
  type Cooling,
  type GpuSpec,
  type ThermalState,
} from './gpu-model.js';
import { between, createRandom, type Random } from './random.js';
import { createWorkload, type Phase } from './workload.js';

export type SimulatedSourceOptions = {
  /** Number of GPUs (default 2). */
  gpus?: number;
  /** The same seed and the same sequence of `now`s give the same readings (default 1). */
  seed?: number;
  spec?: GpuSpec;
};

type SimulatedGpu = {
  index: number;
  uuid: string;
  cooling: Cooling;
  noise: Random;
  phaseAt: ((timeMs: number) => Phase) | undefined;
  workloadRandom: Random;
  last: { timeMs: number; thermal: ThermalState } | undefined;
};

function uuidFrom(random: Random): string {
  const hex = (digits: number) =>
    Array.from({ length: digits }, () => Math.floor(random() * 16).toString(16)).join('');
  return `GPU-${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`;
}

function createGpu(seed: number, index: number): SimulatedGpu {
  // Each GPU has its own streams, so GPU 0 behaves the same whatever the GPU count.
  const identity = createRandom(seed * 1_000_003 + index * 7_919 + 1);
  return {
    index,
    uuid: uuidFrom(identity),
    cooling: {
      ambientC: between(identity, 26, 32),
      kelvinPerWatt: between(identity, 0.12, 0.15),
      tauS: between(identity, 40, 70),
    },
    noise: createRandom(seed * 1_000_003 + index * 7_919 + 2),
    workloadRandom: createRandom(seed * 1_000_003 + index * 7_919 + 3),
    phaseAt: undefined,
    last: undefined,
  };
}

function readGpu(gpu: SimulatedGpu, spec: GpuSpec, timeMs: number): GpuReading {
  gpu.phaseAt ??= createWorkload(gpu.workloadRandom, timeMs);
  const phase = gpu.phaseAt(timeMs);
  const jitter = (amount: number) => between(gpu.noise, -amount, amount);
  const previous = gpu.last?.thermal ?? {
    temperatureC: gpu.cooling.ambientC + gpu.cooling.kelvinPerWatt * spec.idlePowerW,
    throttled: false,
  };
  const dtS = gpu.last ? Math.max(0, (timeMs - gpu.last.timeMs) / 1000) : 0;

  const utilization = Math.min(100, Math.max(0, phase.utilization + jitter(phase.busy ? 4 : 1)));
  const intensity = phase.intensity * (1 + jitter(0.03));
  const powerW = powerFor(spec, utilization, intensity, previous.throttled);
  const thermal = stepThermal(previous, powerW, dtS, gpu.cooling);
  gpu.last = { timeMs, thermal };

  const clockFactor = thermal.throttled ? THROTTLED_CLOCK_FACTOR : 1;
  const smClock = phase.busy
    ? spec.maxSmClockMhz * between(gpu.noise, 0.94, 1) * clockFactor
    : spec.idleSmClockMhz;
  const memClock = phase.busy ? spec.memClockMhz : spec.idleMemClockMhz;
  const memoryUsed = Math.min(spec.memoryTotalMiB, phase.memoryMiB + jitter(phase.busy ? 64 : 4));

  return {
    index: gpu.index,
    uuid: gpu.uuid,
    model: spec.model,
    floats: {
      temperature_c: round(thermal.temperatureC, 1),
      power_w: round(powerW, 2),
      power_limit_w: spec.powerLimitW,
      utilization_pct: Math.round(utilization),
      memory_used_mib: Math.round(memoryUsed),
      memory_total_mib: spec.memoryTotalMiB,
      fan_pct: Math.round(fanFor(thermal.temperatureC)),
      sm_clock_mhz: Math.round(smClock),
      mem_clock_mhz: memClock,
    },
    ints: { throttled: thermal.throttled ? 1 : 0, ecc_errors: 0, xid_errors: 0 },
  };
}

/** Simulated GPUs as numbers (for tests and benchmarks); `createSimulatedSource` wraps it. */
export function createSimulatedGpus(options: SimulatedSourceOptions = {}) {
  const { gpus: count = 2, seed = 1, spec = RTX_4090 } = options;
  const gpus = Array.from({ length: count }, (_, index) => createGpu(seed, index));
  return {
    read: (now: Date): GpuReading[] => gpus.map((gpu) => readGpu(gpu, spec, now.getTime())),
    inventory: (): GpuInventory[] =>
      gpus.map((gpu) => ({
        index: gpu.index,
        uuid: gpu.uuid,
        model: spec.model,
        memoryTotalMiB: spec.memoryTotalMiB,
      })),
  };
}

/**
 * Simulated GPUs for demos and tests: a workload alternating busy and idle phases drives
 * utilisation; power follows utilisation up to the limit; temperature follows power with a
 * first-order thermal lag; the fan follows temperature; above a threshold the card throttles
 * (clocks and power drop). Time is the `now` given to `gather`, so tests can step it.
 */
export function createSimulatedSource(options: SimulatedSourceOptions = {}): GpuSource {
  const simulation = createSimulatedGpus(options);
  return {
    name: 'simulated',
    async gather(now) {
      return simulation.read(now).map((reading) => gpuPoint(reading, now));
    },
    async listGpus() {
      return simulation.inventory();
    },
  };
}
