import type { AppDeps } from '../../app-env.js';
import { repeatWithPause } from '../../lib/repeat.js';
import { deviceState, INACTIVE_AFTER_MS } from './device-state.js';
import {
  devicesWithClockStateChange,
  deviceStateSource,
  type DeviceStateSource,
} from './devices.queries.js';

type EventDeps = Pick<AppDeps, 'db' | 'events'>;

function publishState(deps: EventDeps, device: DeviceStateSource, now: number): Promise<void> {
  return deps.events.publish(device.account_id, {
    type: 'device.state',
    data: {
      deviceId: device.id,
      state: deviceState(device, now),
      pausedAt: device.paused_at?.toISOString() ?? null,
    },
  });
}

/**
 * `device.state` with the device's state as it is now, after something that can move it: a job
 * starting or ending, a mute set or lifted, the connection coming or going. Sent even when the
 * state happens to be the same: it says what the state is, not that it changed.
 */
export async function announceDeviceState(deps: EventDeps, deviceId: string): Promise<void> {
  const device = await deviceStateSource(deps.db, deviceId);
  if (device) await publishState(deps, device, Date.now());
}

/**
 * What the clock alone changes goes out too: a mute running out (maintenance → busy, idle or
 * null) and an offline device turning inactive. Each sweep covers the time since the previous
 * one; a restart's first sweep looks back one period. Several instances may each send it: the
 * event is a state, so a repeat is harmless.
 */
export function startStateClockSweeper(
  deps: Pick<AppDeps, 'db' | 'events' | 'logger'>,
  everyMs = 30_000,
): () => Promise<void> {
  let sweptUntil = Date.now() - everyMs;
  const sweep = async () => {
    const until = Date.now();
    const window = { after: new Date(sweptUntil), until: new Date(until) };
    const changed = await devicesWithClockStateChange(deps.db, {
      ...window,
      inactiveAfterMs: INACTIVE_AFTER_MS,
    });
    for (const device of changed) await publishState(deps, device, until);
    sweptUntil = until;
  };
  return repeatWithPause(sweep, everyMs, (error) =>
    deps.logger.warn({ err: error.message }, 'device state sweep failed'),
  );
}
