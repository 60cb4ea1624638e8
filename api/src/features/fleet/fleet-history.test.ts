import { describe, expect, it } from 'vitest';
import { fleetBuckets, fleetWindow } from './fleet-history.js';

const HOUR = 3_600_000;

describe('fleetBuckets', () => {
  it('averages the current hour’s power over the part of it gone by', () => {
    const now = Date.UTC(2026, 11, 1, 10, 15);
    const window = fleetWindow('24h', now);
    expect(window).toEqual({
      from: new Date(Date.UTC(2026, 11, 0, 11)),
      to: new Date(Date.UTC(2026, 11, 1, 11)),
    });
    const rows = [
      {
        hour: new Date(Date.UTC(2026, 11, 1, 9)),
        online_devices: 2,
        energy_wh: 500,
        earned_lamports: '7',
      },
      {
        hour: new Date(Date.UTC(2026, 11, 1, 10)),
        online_devices: 2,
        energy_wh: 125,
        earned_lamports: '0',
      },
    ];
    const hours = fleetBuckets(rows, window, now);
    expect(hours).toHaveLength(24);
    expect(hours.at(-2)).toEqual({
      hour: new Date(Date.UTC(2026, 11, 1, 9)).toISOString(),
      onlineDevices: 2,
      powerW: 500,
      energyWh: 500,
      earnedLamports: '7',
    });
    // 125 Wh in the first quarter hour: 500 W.
    expect(hours.at(-1)).toMatchObject({ powerW: 500, energyWh: 125 });
    expect(hours[0]).toEqual({
      hour: new Date(now - 23 * HOUR - 15 * 60_000).toISOString(),
      onlineDevices: 0,
      powerW: 0,
      energyWh: 0,
      earnedLamports: '0',
    });
    expect(fleetBuckets([], fleetWindow('7d', now), now)).toHaveLength(168);
  });
});
