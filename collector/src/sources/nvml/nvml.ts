/**
 * The part of NVML (the NVIDIA Management Library, libnvidia-ml) the collector reads, in NVML's
 * own units; each method names the C function behind it. A call NVML refuses throws an
 * `NvmlError` carrying NVML's return code.
 */
export type NvmlDevice = {
  /** nvmlDeviceGetUUID */
  uuid(): string;
  /** nvmlDeviceGetName */
  name(): string;
  /** `domain:bus:device` in hex, from nvmlDeviceGetPciInfo_v3 (to match Xid lines). */
  pciBusId(): string;
  /** nvmlDeviceGetTemperature, GPU die, °C */
  temperatureC(): number;
  /** nvmlDeviceGetPowerUsage, mW */
  powerMw(): number;
  /** nvmlDeviceGetEnforcedPowerLimit, mW */
  powerLimitMw(): number;
  /** nvmlDeviceGetUtilizationRates, % */
  utilization(): { gpuPct: number; memoryPct: number };
  /** nvmlDeviceGetMemoryInfo_v2 (nvmlDeviceGetMemoryInfo on drivers without it), bytes */
  memory(): { totalBytes: number; usedBytes: number };
  /** nvmlDeviceGetFanSpeed, % */
  fanPct(): number;
  /** nvmlDeviceGetClockInfo, MHz */
  clockMhz(clock: 'sm' | 'memory'): number;
  /** nvmlDeviceGetCurrentClocksThrottleReasons: a mask of `nvmlClocksThrottleReason…` bits */
  throttleReasons(): bigint;
  /** nvmlDeviceGetTotalEccErrors, uncorrected, volatile */
  eccUncorrected(): number;
  /** nvmlDeviceGetTotalEnergyConsumption, mJ since the driver loaded */
  totalEnergyMj(): number;
};

/** An Xid critical error the driver reported, on the GPU at `busId` (as `pciBusId()` gives it). */
export type NvmlXidEvent = { busId: string; xid: number };

/** Xid events since `watchXids()`, read without the kernel log. */
export type NvmlXidEvents = {
  /** Every event waiting, without blocking: nvmlEventSetWait_v2 with a 0 ms timeout. */
  drain(): NvmlXidEvent[];
};

export type Nvml = {
  /** nvmlDeviceGetCount_v2 */
  deviceCount(): number;
  /**
   * nvmlEventSetCreate and nvmlDeviceRegisterEvents(nvmlEventTypeXidCriticalError) for every GPU
   * that supports it (nvmlDeviceGetSupportedEventTypes); undefined when none does.
   */
  watchXids(): NvmlXidEvents | undefined;
  /** nvmlDeviceGetHandleByIndex_v2 */
  device(index: number): NvmlDevice;
  /** nvmlShutdown */
  shutdown(): void;
};

/** A call NVML refused: `code` is its nvmlReturn_t (3: not supported on this device). */
export class NvmlError extends Error {
  override name = 'NvmlError';
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** `nvmlClocksThrottleReason…` bits for the slowdowns that mean the GPU protects itself. */
export const PROTECTIVE_THROTTLE_MASK =
  0x08n | // HwSlowdown
  0x20n | // SwThermalSlowdown
  0x40n | // HwThermalSlowdown
  0x80n; // HwPowerBrakeSlowdown
