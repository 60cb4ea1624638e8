import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevice, registerUser, request, type TestUser } from '../../test/http.js';
import { startTestApi, type TestApi } from '../../test/test-api.js';
import { insertPayoutWithDebit } from '../payouts/payouts.queries.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** An operator's adjustment, straight into the ledger as psql would write it. */
function credit(user: TestUser, lamports: bigint, at: Date, deviceId: string | null) {
  return api.db
    .insertInto('ledger_entries')
    .values({
      account_id: user.id,
      kind: 'adjustment',
      amount_lamports: lamports.toString(),
      at,
      device_id: deviceId,
    })
    .execute();
}

function localDate(at: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone }).format(at);
}

async function daily(user: TestUser, query: string) {
  return request(api.url, 'GET', `/v1/earnings/daily${query}`, { bearer: user.token });
}

type Day = { date: string; lamports: string; byDevice: { deviceId: string; lamports: string }[] };

describe('earnings per day', () => {
  it('follows the account’s time zone to the minute, in a zone half an hour off UTC', async () => {
    const timeZone = 'Asia/Kolkata';
    const owner = await registerUser(api.url);
    const zone = await request(api.url, 'PATCH', '/v1/me/settings', {
      bearer: owner.token,
      body: { timezone: timeZone },
    });
    expect(zone.status).toBe(200);
    const [a, b] = [
      (await createDevice(api.url, owner, 'a')).device.id,
      (await createDevice(api.url, owner, 'b')).device.id,
    ];
    // Local midnights of the last three days: UTC midnight of the date, less 5 h 30.
    const today = localDate(Date.now(), timeZone);
    const midnight = (daysBack: number) =>
      Date.parse(`${today}T00:00:00Z`) - daysBack * DAY - 5.5 * HOUR;
    const entries: [number, bigint, string | null][] = [];
    for (const daysBack of [2, 1, 0]) {
      const start = midnight(daysBack);
      entries.push(
        [start + 10 * MINUTE, 1_000n + BigInt(daysBack), a],
        [start + 12 * HOUR, 20_000n, b],
        [start + 23 * HOUR + 50 * MINUTE, 300_000n, a],
        [start + 5 * MINUTE, 4_000_000n, null],
      );
    }
    // Outside the window: the minute before its first local midnight.
    entries.push([midnight(2) - MINUTE, 50_000_000n, a]);
    for (const [at, lamports, deviceId] of entries) {
      await credit(owner, lamports, new Date(at), deviceId);
    }
    await insertPayoutWithDebit(api.db, { accountId: owner.id, address: 'x', balance: '1000' });

    const reply = await daily(owner, '?days=3');
    expect(reply.status).toBe(200);
    const days = reply.body.days as Day[];
    expect(days.map((day) => day.date)).toEqual(
      [2, 1, 0].map((back) => localDate(midnight(back) + HOUR, timeZone)),
    );
    expect(days.at(-1)?.date).toBe(today);
    for (const day of days) {
      const ofDay = entries.filter(([at]) => localDate(at, timeZone) === day.date);
      const sum = (deviceId?: string) =>
        ofDay
          .filter(([, , device]) => deviceId === undefined || device === deviceId)
          .reduce((total, [, lamports]) => total + lamports, 0n)
          .toString();
      expect(day.lamports).toBe(sum());
      expect(day.byDevice).toEqual([
        { deviceId: a, lamports: sum(a) },
        { deviceId: b, lamports: sum(b) },
      ]);
    }

    const ofA = (await daily(owner, `?days=3&deviceId=${a}`)).body.days as Day[];
    expect(ofA.map((day) => day.lamports)).toEqual(
      days.map((day) => day.byDevice.find((share) => share.deviceId === a)?.lamports),
    );
  });

  it('answers exactly the days asked, zero where nothing was earned, and checks its input', async () => {
    const owner = await registerUser(api.url);
    const stranger = await registerUser(api.url);
    const theirs = (await createDevice(api.url, stranger, 'theirs')).device.id;
    const reply = await daily(owner, '?days=90');
    expect(reply.body.days).toHaveLength(90);
    expect((reply.body.days as Day[]).every((day) => day.lamports === '0')).toBe(true);
    expect((await daily(owner, '')).body.days).toHaveLength(30);
    expect((await daily(owner, '?days=91')).status).toBe(400);
    expect((await daily(owner, '?days=0')).status).toBe(400);
    expect((await daily(owner, '?deviceId=nope')).status).toBe(400);
    expect((await daily(owner, `?deviceId=${theirs}`)).status).toBe(404);
  });
});
