import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevice, registerUser, request, type TestUser } from '../../test/http.js';
import { startTestApi, type TestApi } from '../../test/test-api.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

type Listed = { id: string; name: string; status: string; activity: string | null };

function list(user: TestUser, etag?: string) {
  return request(api.url, 'GET', '/v1/devices', {
    bearer: user.token,
    headers: etag ? { 'if-none-match': etag } : {},
  });
}

/** Reporting as of `secondsAgo`, every `intervalS`: online for 3 intervals after that. */
async function lastReported(deviceId: string, secondsAgo: number, intervalS: number) {
  await api.db
    .updateTable('devices')
    .set({ last_seen_at: new Date(Date.now() - secondsAgo * 1000), interval_s: intervalS })
    .where('id', '=', deviceId)
    .execute();
}

describe('the device list, revalidated', () => {
  it('answers 304 to its ETag, and 200 with a new ETag after a rename', async () => {
    const user = await registerUser(api.url);
    const { device } = await createDevice(api.url, user, 'alpha');
    await createDevice(api.url, user, 'beta');

    const first = await list(user);
    const etag = first.headers.get('etag')!;
    expect(first.status).toBe(200);
    expect(etag).toMatch(/^W\/"[\w-]+"$/);
    expect(first.headers.get('cache-control')).toBe('private, no-cache');

    const unchanged = await list(user, etag);
    expect(unchanged.status).toBe(304);
    expect(unchanged.body).toBeNull();
    expect(unchanged.headers.get('etag')).toBe(etag);
    expect(unchanged.headers.get('cache-control')).toBe('private, no-cache');
    expect((await list(user, `"other", ${etag}`)).status).toBe(304);

    const renamed = await request(api.url, 'PATCH', `/v1/devices/${device.id}`, {
      bearer: user.token,
      body: { name: 'gamma' },
    });
    expect(renamed.status).toBe(200);
    const after = await list(user, etag);
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(etag);
    expect(after.body.devices.map((listed: Listed) => listed.name)).toEqual(['gamma', 'beta']);
  });

  it('never answers one account with what another was sent', async () => {
    const [one, other] = [await registerUser(api.url), await registerUser(api.url)];
    for (const user of [one, other]) {
      await createDevice(api.url, user, 'rig-1');
      await createDevice(api.url, user, 'rig-2');
    }
    const ones = await list(one);
    const others = await list(other, ones.headers.get('etag')!);
    expect(others.status).toBe(200);
    expect(others.headers.get('etag')).not.toBe(ones.headers.get('etag'));
    const ids = (reply: typeof ones) => reply.body.devices.map((listed: Listed) => listed.id);
    expect(ids(others)).toHaveLength(2);
    expect(ids(others)).not.toContain(ids(ones)[0]);
    expect((await list(one, ones.headers.get('etag')!)).status).toBe(304);
  });

  it('shows a device going offline by the clock alone', async () => {
    const user = await registerUser(api.url);
    const { device } = await createDevice(api.url, user);
    // Online for 3 s from its last report: 0.6 s left.
    await lastReported(device.id, 2.4, 1);
    const online = await list(user);
    expect(online.body.devices[0].status).toBe('online');

    await new Promise((resolve) => setTimeout(resolve, 800));
    const offline = await list(user, online.headers.get('etag')!);
    expect(offline.status).toBe(200);
    expect(offline.body.devices[0]).toMatchObject({ status: 'offline', activity: null });
  });

  it('shows a job starting and ending its run', async () => {
    const user = await registerUser(api.url);
    const { device } = await createDevice(api.url, user);
    await lastReported(device.id, 0, 60);
    expect((await list(user)).body.devices[0].activity).toBe('idle');

    const job = await api.db
      .insertInto('jobs')
      .values({
        external_id: `job-${device.id}`,
        device_id: device.id,
        account_id: user.id,
        status: 'running',
        started_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect((await list(user)).body.devices[0].activity).toBe('busy');

    await api.db
      .updateTable('jobs')
      .set({ status: 'completed' })
      .where('id', '=', job.id)
      .execute();
    expect((await list(user)).body.devices[0].activity).toBe('idle');
  });

  it('drops a deleted device at once', async () => {
    const user = await registerUser(api.url);
    const { device } = await createDevice(api.url, user, 'gone');
    await createDevice(api.url, user, 'kept');
    const before = await list(user);
    await request(api.url, 'DELETE', `/v1/devices/${device.id}`, { bearer: user.token });
    const after = await list(user, before.headers.get('etag')!);
    expect(after.status).toBe(200);
    expect(after.body.devices.map((listed: Listed) => listed.name)).toEqual(['kept']);
  });
});

describe('the overview, revalidated', () => {
  it('answers 304 to its ETag, and 200 with a new one once the fleet changed', async () => {
    const user = await registerUser(api.url);
    const overview = (etag?: string) =>
      request(api.url, 'GET', '/v1/overview', {
        bearer: user.token,
        headers: etag ? { 'if-none-match': etag } : {},
      });
    const first = await overview();
    const etag = first.headers.get('etag')!;
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('private, no-cache');
    expect((await overview(etag)).status).toBe(304);

    await createDevice(api.url, user);
    const changed = await overview(etag);
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(changed.body.devices.total).toBe(1);
  });
});
