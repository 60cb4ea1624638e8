import type { LatestSample } from '../../db/database.js';
import { deviceStatus } from '../status/device-status.js';
import type { DeviceListRow } from './devices.queries.js';

function round(value: number, places = 1): number {
  const factor = 10 ** places;
  return Math.round(value * factor) / factor;
}

/** Hottest GPU, summed power and mean utilisation of the latest sample; absent when unknown. */
export function sampleSummary(latest: LatestSample | null) {
  const gpus = latest?.gpus ?? [];
  const values = (pick: (gpu: LatestSample['gpus'][number]) => number | undefined) =>
    gpus.map(pick).filter((value): value is number => value !== undefined);
  const temperatures = values((gpu) => gpu.temperatureC);
  const powers = values((gpu) => gpu.powerW);
  const utilizations = values((gpu) => gpu.utilizationPct);
  return {
    ...(temperatures.length > 0 && { temperature: Math.max(...temperatures) }),
    ...(powers.length > 0 && { powerW: round(powers.reduce((sum, value) => sum + value, 0)) }),
    ...(utilizations.length > 0 && {
      utilization: round(utilizations.reduce((sum, value) => sum + value, 0) / utilizations.length),
    }),
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
    hostname: row.hostname,
    lastSeenAt: row.last_seen_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    gpus: row.gpus,
    ...sampleSummary(row.latest),
  };
}

/** Services and traffic as the latest sample has them; null rates until two samples arrived. */
export function toDeviceDetails(row: DeviceListRow, now = Date.now()) {
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
