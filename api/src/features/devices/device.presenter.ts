import type { DeviceRow } from '../../db/database.js';

export type DeviceStatus = 'pending' | 'online' | 'offline';

/** Online while the last sample is younger than three reporting intervals. */
export function deviceStatus(
  row: Pick<DeviceRow, 'last_seen_at' | 'interval_s'>,
  now = Date.now(),
): DeviceStatus {
  if (!row.last_seen_at) return 'pending';
  return now - row.last_seen_at.getTime() < 3 * row.interval_s * 1000 ? 'online' : 'offline';
}

export type DeviceListRow = Pick<
  DeviceRow,
  'id' | 'name' | 'os' | 'hostname' | 'gpus' | 'last_seen_at' | 'interval_s' | 'created_at'
>;

export function toDevice(row: DeviceListRow, now = Date.now()) {
  const status = deviceStatus(row, now);
  return {
    id: row.id,
    name: row.name,
    os: row.os,
    status,
    // Jobs are not tracked yet, so an online device is idle.
    activity: status === 'online' ? ('idle' as const) : null,
    hostname: row.hostname,
    lastSeenAt: row.last_seen_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    gpus: row.gpus,
  };
}
