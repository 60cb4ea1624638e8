import { randomUUID } from 'node:crypto';
import {
  addAgentHealth,
  createSimulatedSource,
  encodeLines,
  floatValue,
  gpuModel,
  hostPoint,
  intValue,
  servicePoint,
  setField,
  setTag,
  type TelemetryPoint,
} from '@ioworker/collector';

const STEP_MS = 10_000;
const MINUTE = 60_000;
export const HISTORY_MS = 30 * MINUTE;
/** The overheating GPU runs hot and throttled for the last 15 minutes… */
const HOT_FOR_MS = 15 * MINUTE;
/** …logs an Xid 5 minutes ago and an uncorrectable ECC error 3 minutes ago. */
const XID_AGO_MS = 5 * MINUTE;
const ECC_AGO_MS = 3 * MINUTE;
/** The stopped device's last sample is this old. */
const STOPPED_AGO_MS = 5 * MINUTE;

/**
 * An RTX 4090 held to 300 W: at most ~77 °C in any simulated case, so the simulation itself never
 * throttles and the only hot GPU is the one the test makes hot.
 */
const COOL_SPEC = { ...gpuModel.RTX_4090, powerLimitW: 300 };

export type SimulatedDevice = { id: string; gpus: number; seed: number };

export type Fleet = {
  healthy: SimulatedDevice;
  /** GPU 1 of this one overheats, throttles, logs errors; its collector has a backlog. */
  overheating: SimulatedDevice & { hotGpu: string };
  /** Stopped reporting 5 minutes ago. */
  stopped: SimulatedDevice;
};

export function createFleet(): Fleet {
  return {
    healthy: { id: randomUUID(), gpus: 2, seed: 11 },
    overheating: { id: randomUUID(), gpus: 2, seed: 12, hotGpu: '1' },
    stopped: { id: randomUUID(), gpus: 1, seed: 13 },
  };
}

type Moment = { timeMs: number; nowMs: number; startMs: number };

/** The driver's health fields of a recent data-centre card (the simulator has none of them). */
function addDriverHealth(point: TelemetryPoint, { timeMs, startMs }: Moment) {
  setField(point, 'temperature_limit_margin_c', floatValue(25));
  setField(point, 'memory_temperature_c', floatValue(55));
  setField(point, 'pstate', intValue(0));
  setField(point, 'pcie_link_gen', intValue(4));
  setField(point, 'pcie_link_gen_max', intValue(4));
  setField(point, 'pcie_link_width', intValue(16));
  setField(point, 'pcie_link_width_max', intValue(16));
  // At the power cap a tenth of the time, since the driver loaded a day before the history.
  setField(point, 'throttle_power_us', intValue((timeMs - startMs + 86_400_000) * 100));
  setField(point, 'throttle_thermal_us', intValue(0));
  setField(point, 'throttle_hw_us', intValue(0));
}

/** While hot: 2 °C of headroom and held back by thermal slowdown 80 % of the time. */
function overheat(points: TelemetryPoint[], hotGpu: number, { timeMs, nowMs }: Moment) {
  const hot = points[hotGpu];
  if (!hot) throw new Error(`no GPU ${hotGpu}`);
  const hotSinceMs = nowMs - HOT_FOR_MS;
  if (timeMs >= hotSinceMs) {
    setField(hot, 'temperature_c', floatValue(88 + (timeMs % 3)));
    setField(hot, 'throttled', intValue(1));
    setField(hot, 'temperature_limit_margin_c', floatValue(2));
    setField(hot, 'throttle_thermal_us', intValue((timeMs - hotSinceMs) * 800));
  }
  setField(hot, 'xid_errors', intValue(timeMs >= nowMs - XID_AGO_MS ? 1 : 0));
  if (timeMs >= nowMs - XID_AGO_MS) setField(hot, 'xid_last', intValue(79));
  setField(hot, 'ecc_errors', intValue(timeMs >= nowMs - ECC_AGO_MS ? 2 : 0));
}

function hostAt(moment: Moment, backlog: number): TelemetryPoint {
  const elapsedS = (moment.timeMs - moment.startMs) / 1000;
  const point = hostPoint(
    {
      uptime_s: 86_400 + elapsedS,
      cpu_pct: 20 + (elapsedS % 7),
      mem_used_mib: 12_000,
      mem_total_mib: 64_000,
      rx_bytes: Math.round(elapsedS * 125_000),
      tx_bytes: Math.round(elapsedS * 40_000),
    },
    new Date(moment.timeMs),
  );
  return addAgentHealth(point, {
    intervalS: STEP_MS / 1000,
    collectMs: 35,
    bufferedPoints: backlog,
    droppedPoints: 0,
    agentVersion: '0.1.0',
  });
}

/** Line protocol (ms) for a device's samples every 10 s over the last 30 minutes. */
async function deviceLines(
  device: SimulatedDevice,
  nowMs: number,
  fleet: Fleet,
): Promise<string[]> {
  const source = createSimulatedSource({ gpus: device.gpus, seed: device.seed, spec: COOL_SPEC });
  const startMs = nowMs - HISTORY_MS;
  const endMs = device === fleet.stopped ? nowMs - STOPPED_AGO_MS : nowMs;
  const lines: string[] = [];
  for (let timeMs = startMs; timeMs <= endMs; timeMs += STEP_MS) {
    const moment = { timeMs, nowMs, startMs };
    const gpus = await source.gather(new Date(timeMs));
    for (const gpu of gpus) addDriverHealth(gpu, moment);
    const overheating = device === fleet.overheating;
    if (overheating) overheat(gpus, Number(fleet.overheating.hotGpu), moment);
    const backlog = overheating && timeMs >= nowMs - HOT_FOR_MS ? 12 : 0;
    const points = [
      ...gpus,
      hostAt(moment, backlog),
      servicePoint('docker', true, new Date(timeMs)),
    ];
    lines.push(...encodeLines(points.map((point) => setTag(point, 'device', device.id))));
  }
  return lines;
}

export async function fleetLines(fleet: Fleet, nowMs: number): Promise<string[]> {
  const devices = [fleet.healthy, fleet.overheating, fleet.stopped];
  return (await Promise.all(devices.map((device) => deviceLines(device, nowMs, fleet)))).flat();
}
