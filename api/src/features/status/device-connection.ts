import type { DeviceStatus } from '@ioworker/contract';

/**
 * A device's connection, in one place: `pending` until its first sample, then `online` while
 * its last sample is younger than MISSED_INTERVALS reporting intervals, else `offline`. Reads
 * compute it (`deviceStatus`); the stored `reported_status` follows it through the transitions
 * below, each announced live and as a notification exactly once.
 */
export const MISSED_INTERVALS = 3;

export function deviceStatus(
  row: { last_seen_at: Date | null; interval_s: number },
  now = Date.now(),
): DeviceStatus {
  if (!row.last_seen_at) return 'pending';
  const silentMs = now - row.last_seen_at.getTime();
  return silentMs < MISSED_INTERVALS * row.interval_s * 1000 ? 'online' : 'offline';
}

/** When `deviceStatus` changes next without a write: an online device going offline. */
export function statusChangesAt(
  row: { last_seen_at: Date | null; interval_s: number },
  now = Date.now(),
): number {
  if (!row.last_seen_at || deviceStatus(row, now) !== 'online') return Infinity;
  return row.last_seen_at.getTime() + MISSED_INTERVALS * row.interval_s * 1000;
}
