import type { AppDeps, AuthenticatedDevice } from '../../app-env.js';
import { gpuFaultNotifications } from '../alert-evaluation/gpu-faults.js';
import { notify } from '../notifications/notifications.service.js';
import { deviceReported } from '../status/device-status.js';
import { storeReport } from './ingest.queries.js';
import {
  inventoryOf,
  mergeLatest,
  numberOf,
  sampleEvent,
  type TimedPoint,
} from './latest-sample.js';

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar day (YYYY-MM-DD) of a moment in the account's time zone. */
export function localDay(timeMs: number, timezone: string): string {
  let format = dayFormats.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone: timezone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    dayFormats.set(timezone, format);
  }
  return format.format(new Date(timeMs));
}

/**
 * Seconds of reporting each day: each distinct sample time (to the second) stands for one
 * interval of the node being up, whatever measurements it carried (our collector or Telegraf).
 */
function coverageByDay(
  points: TimedPoint[],
  intervalS: number,
  timezone: string,
): Map<string, number> {
  const byDay = new Map<string, number>();
  const sampleSeconds = new Set(points.map((point) => Math.floor(point.timeMs / 1000)));
  for (const second of sampleSeconds) {
    const day = localDay(second * 1000, timezone);
    byDay.set(day, (byDay.get(day) ?? 0) + intervalS);
  }
  return byDay;
}

/** The node's own reporting interval when it sends one (1 s to 1 h), else the stored one. */
function intervalOf(points: TimedPoint[], storedS: number): number {
  const hostInterval = points
    .find((point) => point.measurement === 'host')
    ?.fields.get('interval_s');
  return Math.min(3600, Math.max(1, Math.round(numberOf(hostInterval) ?? storedS)));
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
  const uptime = [...coverageByDay(points, intervalS, device.timezone)].map(([day, seconds]) => ({
    day,
    seconds,
  }));
  const row = await storeReport(deps.db, {
    deviceId: device.deviceId,
    intervalS,
    latest,
    gpus: inventoryOf(points, device.gpus),
    droppedFields,
    uptime,
  });
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
