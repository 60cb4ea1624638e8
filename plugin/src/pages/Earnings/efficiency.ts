import type { InferResponseType } from 'hono/client';
import type { ApiClient } from '../../api/client';

export type EarningsEfficiency = InferResponseType<
  ApiClient['v1']['earnings']['efficiency']['$get'],
  200
>;
export type DeviceEfficiency = EarningsEfficiency['devices'][number];

/** Each device's figures by its id, for the per-device totals. */
export function efficiencyByDevice(
  efficiency: EarningsEfficiency | undefined,
): Map<string, DeviceEfficiency> {
  return new Map((efficiency?.devices ?? []).map((device) => [device.deviceId, device]));
}
