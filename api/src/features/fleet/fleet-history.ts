import type { FleetHourRow } from './fleet.queries.js';

const HOUR_MS = 3_600_000;

export const FLEET_RANGES = ['24h', '7d'] as const;
export type FleetRange = (typeof FLEET_RANGES)[number];
const HOURS: Record<FleetRange, number> = { '24h': 24, '7d': 168 };

export type FleetHour = {
  hour: string;
  onlineDevices: number;
  powerW: number;
  energyWh: number;
  earnedLamports: string;
};

/** The range's whole UTC hours, the current one last: `[from, to)`. */
export function fleetWindow(range: FleetRange, nowMs: number): { from: Date; to: Date } {
  const to = Math.floor(nowMs / HOUR_MS) * HOUR_MS + HOUR_MS;
  return { from: new Date(to - HOURS[range] * HOUR_MS), to: new Date(to) };
}

const round = (value: number, places: number) => Number(value.toFixed(places));

/**
 * Every hour of the window, oldest first, zero where nothing ran or earned. Power is the
 * hour's energy over the hour, or over the part of it gone by for the current one, so that a
 * running hour does not read as a drop.
 */
export function fleetBuckets(
  rows: FleetHourRow[],
  window: { from: Date; to: Date },
  nowMs: number,
): FleetHour[] {
  const byHour = new Map(rows.map((row) => [row.hour.getTime(), row]));
  const hours: FleetHour[] = [];
  for (let hour = window.from.getTime(); hour < window.to.getTime(); hour += HOUR_MS) {
    const row = byHour.get(hour);
    const energyWh = row?.energy_wh ?? 0;
    const elapsedH = Math.min(1, Math.max(nowMs - hour, 1000) / HOUR_MS);
    hours.push({
      hour: new Date(hour).toISOString(),
      onlineDevices: row?.online_devices ?? 0,
      powerW: round(energyWh / elapsedH, 1),
      energyWh: round(energyWh, 3),
      earnedLamports: row?.earned_lamports ?? '0',
    });
  }
  return hours;
}
