import type koffiModule from 'koffi';
import type { LibraryHandle, TypeObject } from 'koffi';
import {
  NvmlError,
  type Nvml,
  type NvmlDevice,
  type NvmlXidEvent,
  type NvmlXidEvents,
} from './nvml.js';

type Koffi = typeof koffiModule;
type CFunction = ((...args: unknown[]) => number) & { info: { name: string } };

/** Where the driver installs NVML (the loader's search path finds it). */
export const NVML_LIBRARY = process.platform === 'win32' ? 'nvml.dll' : 'libnvidia-ml.so.1';

/** NVML, or why it is not there. */
export type NvmlLoad = { nvml: Nvml } | { reason: string };

// nvml.h enums: nvmlTemperatureSensors_t, nvmlClockType_t, nvmlMemoryErrorType_t,
// nvmlEccCounterType_t.
const TEMPERATURE_GPU = 0;
const CLOCK = { sm: 1, memory: 2 } as const;
const MEMORY_ERROR_UNCORRECTED = 1;
const VOLATILE_ECC = 0;
// NVML_DEVICE_UUID_V2_BUFFER_SIZE and NVML_DEVICE_NAME_V2_BUFFER_SIZE.
const TEXT_BUFFER_BYTES = 96;
// nvmlEventTypeXidCriticalError, and NVML_ERROR_TIMEOUT: no event waiting.
const XID_CRITICAL_ERROR = 0x8n;
const TIMEOUT = 10;
// Drained every sample: more than this many Xids between two samples wait for the next one.
const MAX_EVENTS_PER_DRAIN = 256;

/** The C declarations, as nvml.h has them; struct layouts follow the platform's C ABI. */
function declare(koffi: Koffi, lib: LibraryHandle) {
  const device = koffi.pointer(koffi.opaque());
  const out = (type: TypeObject | string) => koffi.out(koffi.pointer(type));
  const ull = 'unsigned long long';
  const uint = 'unsigned int';
  const fn = (name: string, ...args: unknown[]) =>
    lib.func(name, 'int', args as TypeObject[]) as CFunction;
  const memoryV2 = koffi.struct({ version: uint, total: ull, reserved: ull, free: ull, used: ull });
  const pciInfo = koffi.struct({
    busIdLegacy: koffi.array('char', 16),
    domain: uint,
    bus: uint,
    device: uint,
    pciDeviceId: uint,
    pciSubSystemId: uint,
    busId: koffi.array('char', 32),
  });
  const eventSet = koffi.pointer(koffi.opaque());
  const eventData = koffi.struct({
    device,
    eventType: ull,
    eventData: ull,
    gpuInstanceId: uint,
    computeInstanceId: uint,
  });
  /** A function older drivers lack: undefined there, and what needs it is left out. */
  const optionalFn = (name: string, ...args: unknown[]) => {
    try {
      return fn(name, ...args);
    } catch {
      return undefined;
    }
  };
  return {
    errorString: lib.func('nvmlErrorString', 'const char *', ['int']) as (rc: number) => string,
    init: fn('nvmlInit_v2'),
    shutdown: fn('nvmlShutdown'),
    count: fn('nvmlDeviceGetCount_v2', out(uint)),
    handle: fn('nvmlDeviceGetHandleByIndex_v2', uint, out(device)),
    uuid: fn('nvmlDeviceGetUUID', device, 'uint8_t *', uint),
    name: fn('nvmlDeviceGetName', device, 'uint8_t *', uint),
    pciInfo: fn('nvmlDeviceGetPciInfo_v3', device, out(pciInfo)),
    temperature: fn('nvmlDeviceGetTemperature', device, 'int', out(uint)),
    power: fn('nvmlDeviceGetPowerUsage', device, out(uint)),
    powerLimit: fn('nvmlDeviceGetEnforcedPowerLimit', device, out(uint)),
    utilization: fn(
      'nvmlDeviceGetUtilizationRates',
      device,
      out(koffi.struct({ gpu: uint, memory: uint })),
    ),
    memoryV1: fn(
      'nvmlDeviceGetMemoryInfo',
      device,
      out(koffi.struct({ total: ull, free: ull, used: ull })),
    ),
    // nvmlDeviceGetMemoryInfo_v2 (R510+) counts the driver's reserved memory apart, as
    // nvidia-smi's memory.used does; the v1 call adds it to "used".
    memoryV2: optionalFn(
      'nvmlDeviceGetMemoryInfo_v2',
      device,
      koffi.inout(koffi.pointer(memoryV2)),
    ),
    // NVML_STRUCT_VERSION(Memory, 2): the struct's size with the version in the top byte.
    memoryV2Version: koffi.sizeof(memoryV2) | (2 << 24),
    fan: fn('nvmlDeviceGetFanSpeed', device, out(uint)),
    clock: fn('nvmlDeviceGetClockInfo', device, 'int', out(uint)),
    throttle: fn('nvmlDeviceGetCurrentClocksThrottleReasons', device, out(ull)),
    ecc: fn('nvmlDeviceGetTotalEccErrors', device, 'int', 'int', out(ull)),
    energy: fn('nvmlDeviceGetTotalEnergyConsumption', device, out(ull)),
    eventSetCreate: fn('nvmlEventSetCreate', out(eventSet)),
    supportedEvents: fn('nvmlDeviceGetSupportedEventTypes', device, out(ull)),
    registerEvents: fn('nvmlDeviceRegisterEvents', device, ull, eventSet),
    // R450+: the driver's Xid events; without them Xids come from the kernel log alone.
    eventSetWait: optionalFn('nvmlEventSetWait_v2', eventSet, out(eventData), uint),
  };
}

type Calls = ReturnType<typeof declare>;

function bind(c: Calls): Nvml {
  function call(cFunction: CFunction, ...args: unknown[]): void {
    const rc = cFunction(...args);
    if (rc !== 0) throw new NvmlError(rc, `${cFunction.info.name}: ${c.errorString(rc)}`);
  }
  /** A value the function writes through its last argument, a pointer. */
  function value<T>(cFunction: CFunction, ...args: unknown[]): T {
    const box: unknown[] = [null];
    call(cFunction, ...args, box);
    return box[0] as T;
  }
  /** A struct the function fills through its last argument; koffi copies it into `fields`. */
  function struct<T extends object>(fields: T, cFunction: CFunction, ...args: unknown[]): T {
    call(cFunction, ...args, fields);
    return fields;
  }
  function text(cFunction: CFunction, handle: unknown): string {
    const buffer = Buffer.alloc(TEXT_BUFFER_BYTES);
    call(cFunction, handle, buffer, buffer.length);
    const end = buffer.indexOf(0);
    return buffer.toString('utf8', 0, end < 0 ? buffer.length : end).trim();
  }
  const count = (read: number | bigint) => Number(read);

  function memory(handle: unknown) {
    const read = c.memoryV2
      ? struct({ version: c.memoryV2Version, total: 0, used: 0 }, c.memoryV2, handle)
      : struct({ total: 0, used: 0 }, c.memoryV1, handle);
    return { totalBytes: count(read.total), usedBytes: count(read.used) };
  }

  function pciBusId(handle: unknown): string {
    const pci = struct({ domain: 0, bus: 0, device: 0 }, c.pciInfo, handle);
    return [pci.domain, pci.bus, pci.device].map((part) => part.toString(16)).join(':');
  }

  function watchXids(): NvmlXidEvents | undefined {
    const wait = c.eventSetWait;
    if (!wait) return undefined;
    const handles = Array.from({ length: value<number>(c.count) }, (_, index) =>
      value<unknown>(c.handle, index),
    );
    const watched = handles.filter(
      (handle) => BigInt(value<number | bigint>(c.supportedEvents, handle)) & XID_CRITICAL_ERROR,
    );
    if (watched.length === 0) return undefined;
    const set = value<unknown>(c.eventSetCreate);
    for (const handle of watched) call(c.registerEvents, handle, XID_CRITICAL_ERROR, set);
    return {
      drain() {
        const events: NvmlXidEvent[] = [];
        while (events.length < MAX_EVENTS_PER_DRAIN) {
          const data = { device: null as unknown, eventType: 0, eventData: 0 };
          const rc = wait(set, data, 0);
          if (rc === TIMEOUT) break;
          if (rc !== 0) throw new NvmlError(rc, `nvmlEventSetWait_v2: ${c.errorString(rc)}`);
          if (BigInt(data.eventType) & XID_CRITICAL_ERROR) {
            events.push({ busId: pciBusId(data.device), xid: Number(data.eventData) });
          }
        }
        return events;
      },
    };
  }

  function device(index: number): NvmlDevice {
    const handle = value<unknown>(c.handle, index);
    return {
      uuid: () => text(c.uuid, handle),
      name: () => text(c.name, handle),
      pciBusId: () => pciBusId(handle),
      temperatureC: () => value(c.temperature, handle, TEMPERATURE_GPU),
      powerMw: () => value(c.power, handle),
      powerLimitMw: () => value(c.powerLimit, handle),
      utilization() {
        const rates = struct({ gpu: 0, memory: 0 }, c.utilization, handle);
        return { gpuPct: rates.gpu, memoryPct: rates.memory };
      },
      memory: () => memory(handle),
      fanPct: () => value(c.fan, handle),
      clockMhz: (clock) => value(c.clock, handle, CLOCK[clock]),
      throttleReasons: () => BigInt(value<number | bigint>(c.throttle, handle)),
      eccUncorrected: () => count(value(c.ecc, handle, MEMORY_ERROR_UNCORRECTED, VOLATILE_ECC)),
      totalEnergyMj: () => count(value(c.energy, handle)),
    };
  }

  return {
    deviceCount: () => value(c.count),
    watchXids,
    device,
    shutdown: () => call(c.shutdown),
  };
}

/**
 * Loads NVML through koffi (a C FFI for Node.js) and initialises it. koffi is an optional
 * native dependency: the one-file bundle leaves it out, so a node without it, or without the
 * driver's library, gets the reason instead and reads nvidia-smi.
 */
export async function loadNvml(library: string = NVML_LIBRARY): Promise<NvmlLoad> {
  let koffi: Koffi;
  try {
    koffi = (await import('koffi')).default;
  } catch {
    return { reason: 'the koffi package is not installed' };
  }
  try {
    const calls = declare(koffi, koffi.load(library));
    const rc = calls.init();
    if (rc !== 0) return { reason: `nvmlInit_v2: ${calls.errorString(rc)}` };
    return { nvml: bind(calls) };
  } catch (error) {
    return { reason: `${library}: ${(error as Error).message}` };
  }
}
