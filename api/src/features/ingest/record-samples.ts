import { MAX_REPORTING_INTERVAL_S } from '@ioworker/contract/telemetry';
import type { AppDeps, AuthenticatedDevice } from '../../app-env.js';
import { gpuFaultNotifications } from '../alert-evaluation/gpu-faults.js';
import { notify } from '../notifications/notifications.service.js';
import { deviceReported, MISSED_INTERVALS } from '../status/device-status.js';
import { storeReport } from './ingest.queries.js';
import {
  inventoryOf,
  mergeLatest,
  numberOf,
  sampleEvent,
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

/**
 * After a write was stored (or accepted, without metrics storage): the device's row in one statement, whose previous status
 * makes a transition to online announced exactly once; then live events.
 */
export async function recordSamples(
  deps: Pick<AppDeps, 'db' | 'events' | 'config'>,
  device: AuthenticatedDevice,
  points: TimedPoint[],
  droppedFields: number,
): Promise<void> {
  const intervalS = intervalOf(points, device.intervalS);
  const latest = points.length > 0 ? mergeLatest(device.latest, points) : device.latest;
  const row = await storeReport(
    deps.db,
    {
      deviceId: device.deviceId,
      timezone: device.timezone,
      intervalS,
      latest,
      gpus: inventoryOf(points, device.gpus),
      droppedFields,
    },
    MISSED_INTERVALS,
  );
  if (row) {
    await deviceReported(deps, { ...device, lastSeenAt: row.last_seen_at }, row.previous_status);
  }
  const faults = latest
    ? gpuFaultNotifications(device, device.latest?.gpus ?? [], latest.gpus)
    : [];
  for (const fault of faults) await notify(deps.db, deps, fault);
  if (latest && points.length > 0) {
    await deps.events.publish(device.accountId, {
      type: 'device.sample',
      data: sampleEvent(device.deviceId, latest),
    });
  }
}
