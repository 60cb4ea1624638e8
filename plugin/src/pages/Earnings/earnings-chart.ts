/**
 * The daily earnings chart's data: the days as one frame of stacked series, one per device
 * that earned most, the rest together, and each device's total over the window.
 */
import { FieldType, toDataFrame, type DataFrame } from '@grafana/data';
import type { EarningsDay } from './types';

export const CHART_DAYS = [7, 30, 90] as const;
export type ChartDays = (typeof CHART_DAYS)[number];

/** More stacked series than this read as noise: the rest are drawn as one. */
export const MAX_DEVICE_SERIES = 8;
const LAMPORTS_PER_SOL = 1_000_000_000;
// The plugin targets ES2019 (Grafana's build): no bigint literals.
const ZERO = BigInt(0);
const SHARE_SCALE = BigInt(10_000);

export type DeviceTotal = { deviceId: string; name: string; lamports: bigint; share: number };

/** Each device's earnings over the days, most first; `share` of the window's device total. */
export function deviceTotals(days: EarningsDay[], names: Map<string, string>): DeviceTotal[] {
  const totals = new Map<string, bigint>();
  for (const day of days) {
    for (const { deviceId, lamports } of day.byDevice) {
      totals.set(deviceId, (totals.get(deviceId) ?? ZERO) + BigInt(lamports));
    }
  }
  const all = [...totals.values()].reduce((sum, value) => sum + value, ZERO);
  return [...totals.entries()]
    .map(([deviceId, lamports]) => ({
      deviceId,
      name: names.get(deviceId) ?? 'Deleted device',
      lamports,
      share: all > ZERO ? Number((lamports * SHARE_SCALE) / all) / 10_000 : 0,
    }))
    .sort((a, b) => (b.lamports > a.lamports ? 1 : b.lamports < a.lamports ? -1 : 0));
}

/** The bars for tests and tools: one `date=lamports` per day, the day's whole stack. */
export function dayBars(days: EarningsDay[]): string {
  return days.map((day) => `${day.date}=${day.lamports}`).join(' ');
}

const sol = (lamports: bigint) => Number(lamports) / LAMPORTS_PER_SOL;

/**
 * One frame: the days (midnight UTC of each date, drawn in UTC so each bar is its own date)
 * and a SOL field per device that earned most, then "Other devices" and "Not by a device"
 * (adjustments to the account) when they have anything.
 */
export function dailyFrame(days: EarningsDay[], totals: DeviceTotal[]): DataFrame {
  const shown = totals.slice(0, MAX_DEVICE_SERIES);
  const shownIds = new Set(shown.map((device) => device.deviceId));
  const byDevice = (day: EarningsDay, deviceId: string) =>
    BigInt(day.byDevice.find((share) => share.deviceId === deviceId)?.lamports ?? 0);
  const others = days.map((day) =>
    day.byDevice
      .filter((share) => !shownIds.has(share.deviceId))
      .reduce((sum, share) => sum + BigInt(share.lamports), ZERO),
  );
  const unassigned = days.map((day) => {
    const ofDevices = day.byDevice.reduce((sum, share) => sum + BigInt(share.lamports), ZERO);
    return BigInt(day.lamports) - ofDevices;
  });
  const field = (name: string, values: bigint[]) => ({
    name,
    type: FieldType.number,
    values: values.map(sol),
    config: { unit: 'SOL', decimals: 4 },
  });
  const extra = [
    ...(others.some((value) => value !== ZERO) ? [field('Other devices', others)] : []),
    ...(unassigned.some((value) => value !== ZERO) ? [field('Not by a device', unassigned)] : []),
  ];
  return toDataFrame({
    fields: [
      {
        name: 'Day',
        type: FieldType.time,
        values: days.map((day) => Date.parse(`${day.date}T00:00:00Z`)),
      },
      ...shown.map((device) =>
        field(
          device.name,
          days.map((day) => byDevice(day, device.deviceId)),
        ),
      ),
      ...extra,
    ],
  });
}
