import type { LatestSample } from '../../db/database.js';
import type { NewNotification } from '../notifications/notifications.queries.js';

type Gpus = LatestSample['gpus'];
type Fault = { event: 'gpu.xid' | 'gpu.ecc'; counter: 'xidErrors' | 'eccErrors'; what: string };

const FAULTS: Fault[] = [
  { event: 'gpu.xid', counter: 'xidErrors', what: 'Xid error' },
  { event: 'gpu.ecc', counter: 'eccErrors', what: 'uncorrectable ECC error' },
];
const HOUR_MS = 60 * 60 * 1000;

/** How much a counter grew; nothing on the first reading or after a reset (a reboot). */
function growth(before: number | undefined, after: number | undefined): number {
  if (before === undefined || after === undefined || after < before) return 0;
  return after - before;
}

/**
 * Xid and ECC alerts from one report: a counter that grew since the stored sample. These are
 * events, not states, so they fire without resolving; the dedupe key lets one alert a GPU an
 * hour out, so a GPU that keeps failing is one message an hour, not one per sample.
 */
export function gpuFaultNotifications(
  device: { deviceId: string; accountId: string; name: string },
  before: Gpus,
  after: Gpus,
  now = Date.now(),
): NewNotification[] {
  const notifications: NewNotification[] = [];
  const hour = Math.floor(now / HOUR_MS);
  for (const gpu of after) {
    const previous = before.find((candidate) => candidate.index === gpu.index);
    for (const fault of FAULTS) {
      const added = growth(previous?.[fault.counter], gpu[fault.counter]);
      if (added === 0) continue;
      const plural = added === 1 ? '' : 's';
      notifications.push({
        accountId: device.accountId,
        deviceId: device.deviceId,
        kind: 'alert',
        alert: { event: fault.event, status: 'firing' },
        severity: fault.event === 'gpu.ecc' ? 'critical' : 'warning',
        title: `${device.name}: ${fault.what} on GPU ${gpu.index}`,
        message:
          `GPU ${gpu.index} of ${device.name} logged ${added} new ${fault.what}${plural} ` +
          `(${gpu[fault.counter]} since boot). Check the node's kernel log (dmesg) and its jobs.`,
        dedupeKey: `${fault.event}:${device.deviceId}:${gpu.index}:${hour}`,
      });
    }
  }
  return notifications;
}
