import type { DeviceState, DeviceStatus } from '@ioworker/contract';
import { deviceStatus, statusChangesAt } from '../status/device-connection.js';

/** Offline this long, a device is `inactive`: its owner has likely retired or moved it. */
export const INACTIVE_AFTER_MS = 5 * 24 * 60 * 60 * 1000;

export type StateRow = {
  last_seen_at: Date | null;
  interval_s: number;
  paused_at: Date | null;
  muted_until: Date | null;
  /** It has a running job. */
  busy: boolean;
};

/** When its mute ends, if it is muted now. */
function mutedUntil(row: StateRow, now: number): number | undefined {
  const until = row.muted_until?.getTime();
  return until !== undefined && until > now ? until : undefined;
}

/** What the connection alone makes of a device's state: busy, idle, inactive or nothing. */
function stateOfConnection(status: DeviceStatus, row: StateRow, now: number): DeviceState | null {
  if (status === 'online') return row.busy ? 'busy' : 'idle';
  const silentMs = row.last_seen_at ? now - row.last_seen_at.getTime() : 0;
  return status === 'offline' && silentMs > INACTIVE_AFTER_MS ? 'inactive' : null;
}

/** The device's state (contract §8): paused > maintenance > busy > idle, or inactive. */
export function deviceState(row: StateRow, now = Date.now()): DeviceState | null {
  if (row.paused_at) return 'paused';
  if (mutedUntil(row, now) !== undefined) return 'maintenance';
  return stateOfConnection(deviceStatus(row, now), row, now);
}

/**
 * When the status or state changes next by the clock alone: an online device going offline,
 * a mute running out, an offline device turning inactive.
 */
export function stateChangesAt(row: StateRow, now = Date.now()): number {
  const moments = [statusChangesAt(row, now), mutedUntil(row, now) ?? Infinity];
  if (row.last_seen_at && deviceStatus(row, now) === 'offline') {
    const inactiveAt = row.last_seen_at.getTime() + INACTIVE_AFTER_MS;
    if (inactiveAt > now) moments.push(inactiveAt);
  }
  return Math.min(...moments);
}
