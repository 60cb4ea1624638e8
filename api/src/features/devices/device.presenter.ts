import type { LatestSample } from '../../db/database.js';
import { deviceStatus } from '../status/device-connection.js';
import { deviceState } from './device-state.js';
import type { DeviceDetailsRow, DeviceListRow } from './devices.queries.js';

function round(value: number, places = 1): number {
  const factor = 10 ** places;
  return Math.round(value * factor) / factor;
}

/** Hottest GPU, summed power and mean utilisation of the latest sample; absent when unknown. */
export function sampleSummary(gpus: LatestSample['gpus'] | null) {
  let hottest: number | undefined;
  let power: number | undefined;
  let utilizationSum = 0;
  let utilizations = 0;
  // One pass, no intermediate arrays: the list runs this for up to 5,000 devices.
  for (const gpu of gpus ?? []) {
    if (gpu.temperatureC !== undefined) hottest = Math.max(hottest ?? -Infinity, gpu.temperatureC);
    if (gpu.powerW !== undefined) power = (power ?? 0) + gpu.powerW;
    if (gpu.utilizationPct !== undefined) {
      utilizationSum += gpu.utilizationPct;
      utilizations += 1;
    }
  }
  return {
    ...(hottest !== undefined && { temperature: hottest }),
    ...(power !== undefined && { powerW: round(power) }),
    ...(utilizations > 0 && { utilization: round(utilizationSum / utilizations) }),
  };
}

export function toDevice(row: DeviceListRow, now = Date.now()) {
  const status = deviceStatus(row, now);
  return {
    id: row.id,
    name: row.name,
    os: row.os,
    status,
    // Idle or busy only means something for a device that is online.
    activity: status === 'online' ? (row.busy ? ('busy' as const) : ('idle' as const)) : null,
    state: deviceState(row, now),
    pausedAt: row.paused_at?.toISOString() ?? null,
    hostname: row.hostname,
    lastSeenAt: row.last_seen_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    gpus: row.gpus,
    ...sampleSummary(row.sample_gpus),
  };
}

/** Services and traffic as the latest sample has them; null rates until two samples arrived. */
export function toDeviceDetails(row: DeviceDetailsRow, now = Date.now()) {
  const host = row.latest?.host;
  return {
    ...toDevice(row, now),
    services: row.latest?.services ?? [],
    traffic: {
      rxBytesPerSec: host?.rxBytesPerSec ?? null,
      txBytesPerSec: host?.txBytesPerSec ?? null,
      rxTotal: host?.rxBytes ?? null,
      txTotal: host?.txBytes ?? null,
    },
  };
}
