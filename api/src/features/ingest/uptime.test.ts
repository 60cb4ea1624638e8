import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevice, enroll, registerUser, request, type TestUser } from '../../test/http.js';
import { startTestApi, type TestApi } from '../../test/test-api.js';

let api: TestApi;
let user: TestUser;

beforeAll(async () => {
  api = await startTestApi();
  user = await registerUser(api.url);
});
afterAll(() => api.close());

async function enrolledNode(name: string) {
  const created = await createDevice(api.url, user, name);
  const { credential } = (await enroll(api.url, created.enrollment.token)).body;
  const write = (body: string) =>
    fetch(`${api.url}/api/v2/write?precision=ms`, {
      method: 'POST',
      headers: { authorization: `Token ${credential}`, 'content-type': 'text/plain' },
      body,
    }).then((response) => response.status);
  return { id: created.device.id as string, write };
}

/** Seconds of uptime credited to a device, over all days. */
async function covered(deviceId: string): Promise<number> {
  const row = await api.db
    .selectFrom('device_uptime_days')
    .select((eb) => eb.fn.sum<number>('covered_seconds').as('total'))
    .where('device_id', '=', deviceId)
    .executeTakeFirst();
  return Number(row?.total ?? 0);
}

/** Moves the device's previous contact (its last write and its enrollment) into the past. */
async function lastContactAgo(deviceId: string, seconds: number): Promise<void> {
  const at = sql<Date>`now() - make_interval(secs => ${seconds})`;
  await api.db
    .updateTable('devices')
    .set({ last_seen_at: at, enrolled_at: at })
    .where('id', '=', deviceId)
    .execute();
}

async function storedInterval(deviceId: string): Promise<number> {
  const row = await api.db
    .selectFrom('devices')
    .select('interval_s')
    .where('id', '=', deviceId)
    .executeTakeFirstOrThrow();
  return row.interval_s;
}

describe('uptime is credited from the times the API received writes', () => {
  it('one backdated write claiming interval_s=3600 earns no more than the real time since enrollment', async () => {
    const enrolledAt = Date.now();
    const node = await enrolledNode('forger');
    const now = Date.now();
    const day = Array.from({ length: 24 }, (_, hour) => now - hour * 3_600_000);
    const lines = day.flatMap((at) => [
      `host interval_s=3600,uptime_s=${at / 1000} ${at}`,
      `gpu,gpu=0 temperature_c=60 ${at}`,
    ]);
    expect(await node.write(lines.join('\n'))).toBe(204);
    expect(await covered(node.id)).toBeLessThanOrEqual((Date.now() - enrolledAt) / 1000 + 1);
    // The claim is kept, bounded, for the offline status: it cannot stretch a write's credit.
    expect(await storedInterval(node.id)).toBe(300);
  });

  it('credits the time since the previous write, at most three intervals of the one in force', async () => {
    const node = await enrolledNode('steady');
    expect(await node.write(`host interval_s=10 ${Date.now()}`)).toBe(204);
    await lastContactAgo(node.id, 20);
    let before = await covered(node.id);
    expect(await node.write(`host interval_s=10 ${Date.now()}`)).toBe(204);
    const twenty = (await covered(node.id)) - before;
    expect(twenty).toBeGreaterThan(19.99);
    expect(twenty).toBeLessThan(22);

    // An hour of silence earns the 30 s the last write kept the device online, even when this
    // write claims a long interval: the claim counts from now on, bounded to 300 s.
    await lastContactAgo(node.id, 3600);
    before = await covered(node.id);
    expect(await node.write(`host interval_s=3600 ${Date.now()}`)).toBe(204);
    const afterSilence = (await covered(node.id)) - before;
    expect(afterSilence).toBeGreaterThan(29.99);
    expect(afterSilence).toBeLessThan(31);

    await lastContactAgo(node.id, 3600);
    before = await covered(node.id);
    expect(await node.write(`host cpu_pct=1 ${Date.now()}`)).toBe(204);
    const bounded = (await covered(node.id)) - before;
    expect(bounded).toBeGreaterThan(899.99);
    expect(bounded).toBeLessThan(901);
  });

  it('parallel writes credit the elapsed time once', async () => {
    const node = await enrolledNode('parallel-uptime');
    expect(await node.write(`host interval_s=10 ${Date.now()}`)).toBe(204);
    await lastContactAgo(node.id, 20);
    const before = await covered(node.id);
    const started = Date.now();
    const statuses = await Promise.all(
      Array.from({ length: 20 }, (_, index) => node.write(`host cpu_pct=${index} ${Date.now()}`)),
    );
    expect(statuses.every((status) => status === 204)).toBe(true);
    const credited = (await covered(node.id)) - before;
    expect(credited).toBeGreaterThan(19.99);
    expect(credited).toBeLessThanOrEqual(20 + (Date.now() - started) / 1000 + 0.5);
  });

  it('reads the days in the account time zone, far east of UTC too', async () => {
    const zone = 'Pacific/Kiritimati';
    const east = await registerUser(api.url);
    await request(api.url, 'PATCH', '/v1/me/settings', {
      bearer: east.token,
      body: { timezone: zone },
    });
    const created = await createDevice(api.url, east, 'east-rig');
    const { credential } = (await enroll(api.url, created.enrollment.token)).body;
    await lastContactAgo(created.device.id, 20);
    const written = await fetch(`${api.url}/api/v2/write?precision=ms`, {
      method: 'POST',
      headers: { authorization: `Token ${credential}`, 'content-type': 'text/plain' },
      body: `host cpu_pct=1 ${Date.now()}`,
    });
    expect(written.status).toBe(204);
    const uptime = await request(api.url, 'GET', `/v1/devices/${created.device.id}/uptime`, {
      bearer: east.token,
    });
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(new Date());
    expect(uptime.body.days.at(-1)).toMatchObject({ date: today });
    expect(uptime.body.days.at(-1).uptimeRatio).toBeGreaterThan(0);
  });
});
