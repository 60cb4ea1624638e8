import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevice, registerUser, request, type TestUser } from '../../test/http.js';
import {
  insertEnergyHour,
  insertLedgerEntry,
  type EnergyHour,
  type LedgerRow,
} from '../../test/ledger-energy-rows.js';
import { startTestApi, type TestApi } from '../../test/test-api.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const HOUR = 3_600_000;

type Hour = {
  hour: string;
  onlineDevices: number;
  powerW: number;
  energyWh: number;
  earnedLamports: string;
};

async function history(user: TestUser, query: string) {
  return request(api.url, 'GET', `/v1/fleet/history${query}`, { bearer: user.token });
}

/** The start of the UTC hour `back` hours before the current one. */
const hourBack = (back: number) => Math.floor(Date.now() / HOUR) * HOUR - back * HOUR;

/** Two devices' hours and ledger entries of `user`, spread over the last week. */
async function arrangeFleet(user: TestUser) {
  const [a, b] = [
    (await createDevice(api.url, user, 'a')).device.id,
    (await createDevice(api.url, user, 'b')).device.id,
  ];
  const hours: EnergyHour[] = [
    { deviceId: a, hourMs: hourBack(2), energyWh: 410.5, coveredS: 3600, gpus: 2 },
    { deviceId: b, hourMs: hourBack(2), energyWh: 120.25, coveredS: 1800, gpus: 1 },
    { deviceId: a, hourMs: hourBack(5), energyWh: 380, coveredS: 3590, gpus: 2 },
    // Covered no second: not online, though a counter may have moved.
    { deviceId: b, hourMs: hourBack(5), energyWh: 0, coveredS: 0, gpus: 1 },
    { deviceId: a, hourMs: hourBack(20), energyWh: 55.5, coveredS: 600, gpus: 2 },
    { deviceId: b, hourMs: hourBack(100), energyWh: 300, coveredS: 3600, gpus: 1 },
  ];
  for (const hour of hours) await insertEnergyHour(api.db, hour);
  const entries: LedgerRow[] = [
    { kind: 'adjustment', lamports: 1_000_000n, at: new Date(hourBack(2) + 60_000), deviceId: a },
    {
      kind: 'adjustment',
      lamports: 250_000n,
      at: new Date(hourBack(2) + 59 * 60_000),
      deviceId: b,
    },
    { kind: 'adjustment', lamports: 7_000n, at: new Date(hourBack(3) + 1), deviceId: null },
    { kind: 'adjustment', lamports: 40_000n, at: new Date(hourBack(20) + 1_000), deviceId: a },
    { kind: 'adjustment', lamports: 900_000n, at: new Date(hourBack(100)), deviceId: b },
    // Payouts lower the balance; they are not earnings.
    { kind: 'payout', lamports: -500_000n, at: new Date(hourBack(2) + 120_000), deviceId: null },
  ].map((entry) => ({ ...entry, accountId: user.id }) as LedgerRow);
  for (const entry of entries) await insertLedgerEntry(api.db, entry);
  return { hours, entries };
}

/** What each hour should read, summed from the rows themselves. */
function expectedHour(hourMs: number, fleet: Awaited<ReturnType<typeof arrangeFleet>>) {
  const ofHour = fleet.hours.filter((row) => row.hourMs === hourMs);
  const energyWh = ofHour.reduce((sum, row) => sum + row.energyWh, 0);
  const earned = fleet.entries
    .filter((entry) => entry.kind !== 'payout')
    .filter((entry) => Math.floor(entry.at.getTime() / HOUR) * HOUR === hourMs)
    .reduce((sum, entry) => sum + entry.lamports, 0n);
  return {
    hour: new Date(hourMs).toISOString(),
    onlineDevices: ofHour.filter((row) => row.coveredS > 0).length,
    // A past hour is whole: its average power is its energy over one hour, to 0.1 W.
    powerW: Math.round(energyWh * 10) / 10,
    energyWh,
    earnedLamports: earned.toString(),
  };
}

describe('fleet history', () => {
  it('answers 24 hours, oldest first, summed from the hourly rows and the ledger', async () => {
    const owner = await registerUser(api.url);
    const fleet = await arrangeFleet(owner);
    const stranger = await registerUser(api.url);
    await arrangeFleet(stranger);

    const reply = await history(owner, '?range=24h');
    expect(reply.status).toBe(200);
    const hours = reply.body.hours as Hour[];
    expect(hours).toHaveLength(24);
    expect(hours.at(-1)?.hour).toBe(new Date(hourBack(0)).toISOString());
    expect(hours[0]?.hour).toBe(new Date(hourBack(23)).toISOString());
    for (let i = 1; i < hours.length; i += 1) {
      expect(Date.parse(hours[i]?.hour ?? '') - Date.parse(hours[i - 1]?.hour ?? '')).toBe(HOUR);
    }
    // The current and the oldest hour may have moved on while the test ran; the rest may not.
    for (const hour of hours.slice(1, -1)) {
      expect(hour).toEqual(expectedHour(Date.parse(hour.hour), fleet));
    }
    expect(hours.find((hour) => hour.hour === new Date(hourBack(2)).toISOString())).toMatchObject({
      onlineDevices: 2,
      powerW: 530.8,
      earnedLamports: '1250000',
    });
    // Default range: 24 hours.
    expect(((await history(owner, '')).body.hours as Hour[]).length).toBe(24);
  });

  it('answers 168 hours for 7 days, reaching rows the day leaves out', async () => {
    const owner = await registerUser(api.url);
    const fleet = await arrangeFleet(owner);
    const reply = await history(owner, '?range=7d');
    expect(reply.status).toBe(200);
    const hours = reply.body.hours as Hour[];
    expect(hours).toHaveLength(168);
    for (const hour of hours.slice(1, -1)) {
      expect(hour).toEqual(expectedHour(Date.parse(hour.hour), fleet));
    }
    const old = hours.find((hour) => hour.hour === new Date(hourBack(100)).toISOString());
    expect(old).toMatchObject({ onlineDevices: 1, energyWh: 300, earnedLamports: '900000' });
  });

  it('shows nothing of another account, zeros for a new one, and refuses other ranges', async () => {
    const owner = await registerUser(api.url);
    await arrangeFleet(await registerUser(api.url));
    const hours = (await history(owner, '?range=7d')).body.hours as Hour[];
    expect(hours).toHaveLength(168);
    expect(
      hours.every(
        (hour) =>
          hour.onlineDevices === 0 &&
          hour.powerW === 0 &&
          hour.energyWh === 0 &&
          hour.earnedLamports === '0',
      ),
    ).toBe(true);
    for (const range of ['30d', '24', '', '7D']) {
      const reply = await history(owner, `?range=${range}`);
      expect(reply.status).toBe(400);
      expect(reply.body.error.message).toBe('range: must be 24h or 7d');
    }
  });
});
