import { MAX_REPORTING_INTERVAL_S } from '@ioworker/contract/telemetry';
import type { AppDeps, AuthenticatedDevice } from '../../app-env.js';
import { gpuFaultNotifications } from '../alert-evaluation/gpu-faults.js';
import type { EnergySample } from '../energy/energy-hours.js';
import { notify } from '../notifications/notifications.service.js';
import {
  inventoryOf,
  mergeLatest,
  numberOf,
  sampleEvent,
  sampleFragment,
  type TimedPoint,
} from './latest-sample.js';

/**
 * The node's own reporting interval when it sends one, else the stored one; kept within 1 s and
 * MAX_REPORTING_INTERVAL_S, since it bounds how long a write keeps the device online and credited.
 */
function intervalOf(points: TimedPoint[], storedS: number): number {
  const hostInterval = points
    .find((point) => point.measurement === 'host')
    ?.fields.get('interval_s');
  const claimed = Math.round(numberOf(hostInterval) ?? storedS);
  return Math.min(MAX_REPORTING_INTERVAL_S, Math.max(1, claimed));
}

/** The GPU readings energy is kept from: power, utilization and NVML's energy counter. */
function energySamples(points: TimedPoint[]): EnergySample[] {
  const samples: EnergySample[] = [];
  for (const point of points) {
    if (point.measurement !== 'gpu') continue;
    const watts = numberOf(point.fields.get('power_w'));
    const energyMj = numberOf(point.fields.get('energy_mj'));
    if (watts === undefined && energyMj === undefined) continue;
    samples.push({
      gpu: point.tags.get('gpu') ?? '0',
      timeMs: point.timeMs,
      watts,
      utilizationPct: numberOf(point.fields.get('utilization_pct')),
      energyMj,
    });
  }
  return samples;
}

/**
 * After a write was stored (or accepted, without metrics storage): the device's state, uptime
 * and energy go to the buffer that flushes them in batches (ingest/device-state.ts), which also
 * announces a transition to online exactly once; GPU faults go out now, the live sample within
 * 20 ms (live-samples.ts).
 */
export async function recordSamples(
  deps: Pick<AppDeps, 'db' | 'events' | 'config' | 'deviceState' | 'liveSamples'>,
  device: AuthenticatedDevice,
  points: TimedPoint[],
  droppedFields: number,
): Promise<void> {
  const receivedMs = Date.now();
  const intervalS = intervalOf(points, device.intervalS);
  const previous = device.latest;
  const fragment = sampleFragment(points);
  const latest = mergeLatest(previous, fragment);
  const gpus = inventoryOf(fragment, device.gpus);
  // The cached device carries this instance's view between writes (credential-cache.ts).
  Object.assign(device, { latest, gpus, intervalS });
  await deps.deviceState.add({
    deviceId: device.deviceId,
    accountId: device.accountId,
    name: device.name,
    receipts: [{ atMs: receivedMs, intervalS }],
    fragment,
    droppedFields,
    samples: energySamples(points),
  });
  const faults = latest ? gpuFaultNotifications(device, previous?.gpus ?? [], latest.gpus) : [];
  for (const fault of faults) await notify(deps.db, deps, fault);
  if (latest && points.length > 0) {
    deps.liveSamples.publish(device.accountId, sampleEvent(device.deviceId, latest));
  }
}
