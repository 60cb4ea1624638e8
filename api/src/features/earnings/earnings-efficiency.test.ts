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
const DAY = 24 * HOUR;
// Half an hour off UTC: the first local midnight falls inside a UTC hour.
const TIME_ZONE = 'Asia/Kolkata';
const OFFSET = 5.5 * HOUR;

type Figures = {
  earnedLamports: string;
  gpuHours: number;
  kwh: number;
  lamportsPerGpuHour: string | null;
  lamportsPerKwh: string | null;
};

/** Local midnight, `back` days before today's, in TIME_ZONE. */
function midnight(back: number): number {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE }).format(Date.now());
  return Date.parse(`${today}T00:00:00Z`) - OFFSET - back * DAY;
}

async function efficiency(user: TestUser, query: string) {
  return request(api.url, 'GET', `/v1/earnings/efficiency${query}`, { bearer: user.token });
}

async function arrange(user: TestUser) {
  const zone = await request(api.url, 'PATCH', '/v1/me/settings', {
    bearer: user.token,
    body: { timezone: TIME_ZONE },
  });
  expect(zone.status).toBe(200);
  const [a, b] = [
    (await createDevice(api.url, user, 'a')).device.id,
    (await createDevice(api.url, user, 'b')).device.id,
  ];
  // Whole UTC hours: midnight(n) is :30, so these start half an hour before a local midnight.
  const hourBefore = (back: number) => midnight(back) - HOUR / 2;
  const hours: EnergyHour[] = [
    { deviceId: a, hourMs: hourBefore(1) + 3 * HOUR, energyWh: 800, coveredS: 3600, gpus: 2 },
    { deviceId: a, hourMs: hourBefore(1) + 4 * HOUR, energyWh: 700, coveredS: 1800, gpus: 2 },
    { deviceId: b, hourMs: hourBefore(1) + 3 * HOUR, energyWh: 350, coveredS: 3600, gpus: 1 },
    // Starts before the 3-day window and ends inside it: half of it counts.
    { deviceId: b, hourMs: hourBefore(2), energyWh: 200, coveredS: 3000, gpus: 1 },
    // Only in 7 days.
    { deviceId: a, hourMs: hourBefore(5), energyWh: 1000, coveredS: 3600, gpus: 4 },
  ];
  for (const hour of hours) await insertEnergyHour(api.db, hour);
  const entries: LedgerRow[] = [
    { kind: 'adjustment', lamports: 3_000_000n, at: new Date(midnight(1) + HOUR), deviceId: a },
    { kind: 'adjustment', lamports: 1_000_001n, at: new Date(midnight(2) + 60_000), deviceId: b },
    { kind: 'adjustment', lamports: 50_000n, at: new Date(midnight(1) + 2 * HOUR), deviceId: null },
    // Just before the 3-day window.
    { kind: 'adjustment', lamports: 9_000_000n, at: new Date(midnight(2) - 60_000), deviceId: b },
    { kind: 'payout', lamports: -2_000_000n, at: new Date(midnight(1) + HOUR), deviceId: null },
  ].map((entry) => ({ ...entry, accountId: user.id }) as LedgerRow);
  for (const entry of entries) await insertLedgerEntry(api.db, entry);
  return { a, b, hours, entries };
}

type Arranged = Awaited<ReturnType<typeof arrange>>;

/** The figures for the window from `from`, summed from the rows themselves. */
function expected(rows: Arranged, from: number, deviceId?: string): Figures {
  let gpuHours = 0;
  let kwh = 0;
  for (const hour of rows.hours) {
    if (deviceId && hour.deviceId !== deviceId) continue;
    const part = Math.min(1, Math.max(0, (hour.hourMs + HOUR - from) / HOUR));
    gpuHours += (hour.gpus * hour.coveredS * part) / 3600;
    kwh += (hour.energyWh * part) / 1000;
  }
  const earned = rows.entries
    .filter((entry) => entry.kind !== 'payout' && entry.at.getTime() >= from)
    .filter((entry) => !deviceId || entry.deviceId === deviceId)
    .reduce((sum, entry) => sum + entry.lamports, 0n);
  const rate = (units: number) => (units > 0 ? String(Math.round(Number(earned) / units)) : null);
  return {
    earnedLamports: earned.toString(),
    gpuHours: Number(gpuHours.toFixed(3)),
    kwh: Number(kwh.toFixed(3)),
    lamportsPerGpuHour: rate(gpuHours),
    lamportsPerKwh: rate(kwh),
  };
}

describe('earnings per GPU-hour and per kWh', () => {
  it('divides the days’ earnings by the GPU-hours and energy measured, per device too', async () => {
    const owner = await registerUser(api.url);
    const rows = await arrange(owner);
    await arrange(await registerUser(api.url));

    for (const days of [3, 7]) {
      const reply = await efficiency(owner, `?days=${days}`);
      expect(reply.status).toBe(200);
      const from = midnight(days - 1);
      expect(reply.body.from).toBe(new Date(from).toISOString());
      expect(reply.body.account).toEqual(expected(rows, from));
      const devices = [rows.a, rows.b].map((id) => ({ deviceId: id, ...expected(rows, from, id) }));
      // Most earned first.
      devices.sort((x, y) => Number(BigInt(y.earnedLamports) - BigInt(x.earnedLamports)));
      expect(reply.body.devices).toEqual(devices);
    }
    const three = (await efficiency(owner, '?days=3')).body;
    // 3 000 000 lamports over 2 GPUs × 1.5 h and 1.5 kWh.
    expect(three.devices[0]).toMatchObject({
      gpuHours: 3,
      kwh: 1.5,
      lamportsPerGpuHour: '1000000',
      lamportsPerKwh: '2000000',
    });
  });

  it('has no rate without GPU-hours or energy, and checks its input', async () => {
    const owner = await registerUser(api.url);
    const reply = await efficiency(owner, '');
    expect(reply.status).toBe(200);
    expect(reply.body.account).toEqual({
      earnedLamports: '0',
      gpuHours: 0,
      kwh: 0,
      lamportsPerGpuHour: null,
      lamportsPerKwh: null,
    });
    expect(reply.body.devices).toEqual([]);
    for (const days of ['0', '91', 'week', '1.5']) {
      expect((await efficiency(owner, `?days=${days}`)).status).toBe(400);
    }
  });
});
