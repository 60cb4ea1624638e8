import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDevice,
  enroll,
  PASSWORD,
  registerUser,
  request,
  type TestUser,
  WALLET_ADDRESS,
} from '../../test/http.js';
import { subscribeToEvents } from '../../test/sse.js';
import { startApiWithReceiver } from '../../test/receiving-api.js';
import { startTestApi, type TestApi } from '../../test/test-api.js';
import type { Receiver } from '../channels/senders/test/receiver.js';

let api: TestApi;
let receiver: Receiver;
let stop: () => Promise<void>;
beforeAll(async () => {
  ({ api, receiver, stop } = await startApiWithReceiver({ DELIVERY_POLL_MS: '50' }));
});
afterAll(() => stop());

async function enrolledDevice(user: TestUser, name: string) {
  const created = await createDevice(api.url, user, name);
  const credential = (await enroll(api.url, created.enrollment.token)).body.credential as string;
  return { id: created.device.id, credential };
}

function writeSample(credential: string, intervalS = 1) {
  const t = Date.now();
  return fetch(`${api.url}/api/v2/write?precision=ms`, {
    method: 'POST',
    headers: { authorization: `Token ${credential}` },
    body: `gpu,gpu=0 temperature_c=66,power_w=310,utilization_pct=88 ${t}\nhost interval_s=${intervalS},uptime_s=5 ${t}`,
  });
}

describe('live status and events', () => {
  it('streams status and samples to the owner only, with the headers proxies need', async () => {
    const owner = await registerUser(api.url);
    const stranger = await registerUser(api.url);
    const device = await enrolledDevice(owner, 'live-rig');
    const ownerStream = subscribeToEvents(api.url, owner.token);
    const strangerStream = subscribeToEvents(api.url, stranger.token);
    const response = await ownerStream.opened;
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(response.headers.get('x-accel-buffering')).toBe('no');
    expect(response.headers.get('content-encoding')).toBeNull();
    await ownerStream.waitFor((event) => event.event === 'ready');
    await strangerStream.waitFor((event) => event.event === 'ready');

    expect((await writeSample(device.credential)).status).toBe(204);
    const status = await ownerStream.waitFor((event) => event.event === 'device.status');
    expect(status.data).toMatchObject({ deviceId: device.id, status: 'online' });
    const sample = await ownerStream.waitFor((event) => event.event === 'device.sample');
    expect(sample.data).toMatchObject({
      deviceId: device.id,
      gpus: [{ index: 0, temperatureC: 66, powerW: 310 }],
    });
    await ownerStream.waitFor(
      (event) =>
        event.event === 'notification' && (event.data as { kind: string }).kind === 'device.online',
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(strangerStream.received.map((event) => event.event)).toEqual(['ready']);
    await Promise.all([ownerStream.stop(), strangerStream.stop()]);
  });

  it('turns a silent device offline after three intervals and back online, notifying both ways', async () => {
    const owner = await registerUser(api.url);
    const device = await enrolledDevice(owner, 'flaky-rig');
    const stream = subscribeToEvents(api.url, owner.token);
    await stream.waitFor((event) => event.event === 'ready');
    await writeSample(device.credential, 1);
    await stream.waitFor(
      (event) =>
        event.event === 'device.status' && (event.data as { status: string }).status === 'online',
    );
    const offline = await stream.waitFor(
      (event) =>
        event.event === 'device.status' && (event.data as { status: string }).status === 'offline',
      8000,
    );
    expect(offline.data).toMatchObject({ deviceId: device.id });
    const listed = await request(api.url, 'GET', `/v1/devices/${device.id}`, {
      bearer: owner.token,
    });
    expect(listed.body.status).toBe('offline');
    await writeSample(device.credential, 1);
    await stream.waitFor(
      (event) =>
        event.event === 'device.status' &&
        (event.data as { status: string }).status === 'online' &&
        stream.received.indexOf(event) > stream.received.indexOf(offline),
    );
    await stream.stop();
    const notifications = await request(api.url, 'GET', `/v1/devices/${device.id}/notifications`, {
      bearer: owner.token,
    });
    expect(notifications.body.notifications.map((item: { kind: string }) => item.kind)).toEqual([
      'device.online',
      'device.offline',
      'device.online',
    ]);
    expect(notifications.body.notifications[2].message).toMatch(/first sample/);
    const all = await request(api.url, 'GET', '/v1/notifications?limit=2', { bearer: owner.token });
    expect(all.body.notifications).toHaveLength(2);
    expect(all.body.nextCursor).toEqual(expect.any(String));
  }, 20_000);

  it('delivers events to a client connected to another API instance (LISTEN/NOTIFY)', async () => {
    const second = await startTestApi(api.env);
    try {
      const owner = await registerUser(api.url);
      const device = await enrolledDevice(owner, 'two-instances');
      const stream = subscribeToEvents(second.url, owner.token);
      await stream.waitFor((event) => event.event === 'ready');
      expect((await writeSample(device.credential)).status).toBe(204);
      const sample = await stream.waitFor((event) => event.event === 'device.sample');
      expect(sample.data).toMatchObject({ deviceId: device.id });
      await stream.stop();
    } finally {
      await second.close();
    }
  });

  it('closes a stream when its session ends: sign-out, revoke, a password change elsewhere', async () => {
    const owner = await registerUser(api.url);
    const signIn = async () =>
      (
        await request(api.url, 'POST', '/v1/auth/login', {
          body: { email: owner.email, password: PASSWORD },
        })
      ).body.token as string;
    const [signedOut, revoked, changer] = [owner.token, await signIn(), await signIn()];
    const streams = [signedOut, revoked, changer].map((token) => subscribeToEvents(api.url, token));
    for (const stream of streams) await stream.waitFor((event) => event.event === 'ready');
    const [signedOutStream, revokedStream, changerStream] = streams;
    const closedWithin = (stream: ReturnType<typeof subscribeToEvents>, ms = 5000) =>
      Promise.race([
        stream.ended.then(() => true),
        new Promise((resolve) => setTimeout(() => resolve(false), ms)),
      ]);

    await request(api.url, 'POST', '/v1/auth/logout', { bearer: signedOut });
    expect(await closedWithin(signedOutStream!)).toBe(true);

    const own = await request(api.url, 'GET', '/v1/me/sessions', { bearer: revoked });
    const revokedId = (own.body.sessions as { id: string; current: boolean }[]).find(
      (session) => session.current,
    )!.id;
    await request(api.url, 'DELETE', `/v1/me/sessions/${revokedId}`, { bearer: changer });
    expect(await closedWithin(revokedStream!)).toBe(true);

    const other = await signIn();
    const otherStream = subscribeToEvents(api.url, other);
    await otherStream.waitFor((event) => event.event === 'ready');
    const changed = await request(api.url, 'POST', '/v1/me/password', {
      bearer: changer,
      body: { currentPassword: PASSWORD, newPassword: `${PASSWORD} changed` },
    });
    expect(changed.status).toBe(204);
    expect(await closedWithin(otherStream)).toBe(true);
    // The session that changed the password lives on, and so does its stream.
    expect(await closedWithin(changerStream!, 300)).toBe(false);
    await changerStream!.stop();
  });

  it('streams to a read token, and closes when that token is revoked or expires', async () => {
    const owner = await registerUser(api.url);
    const newToken = async (expiresInDays?: number) =>
      (
        await request(api.url, 'POST', '/v1/me/tokens', {
          bearer: owner.token,
          body: { name: 'live', scope: 'read', expiresInDays },
        })
      ).body as { id: string; token: string };
    const [revoked, kept, expiring] = [await newToken(), await newToken(), await newToken(1)];
    // Expiry is watched from the stored time, as for sessions.
    await api.db
      .updateTable('personal_tokens')
      .set({ expires_at: new Date(Date.now() + 1500) })
      .where('id', '=', expiring.id)
      .execute();
    const streams = [revoked, kept, expiring].map((token) =>
      subscribeToEvents(api.url, token.token),
    );
    for (const stream of streams) await stream.waitFor((event) => event.event === 'ready');
    const [revokedStream, keptStream, expiringStream] = streams;
    const closedWithin = (stream: ReturnType<typeof subscribeToEvents>, ms = 5000) =>
      Promise.race([
        stream.ended.then(() => true),
        new Promise((resolve) => setTimeout(() => resolve(false), ms)),
      ]);

    await request(api.url, 'DELETE', `/v1/me/tokens/${revoked.id}`, { bearer: owner.token });
    expect(await closedWithin(revokedStream!)).toBe(true);
    expect(await closedWithin(expiringStream!)).toBe(true);
    // Another token's stream hears of the revocation and stays open.
    await keptStream!.waitFor((event) => event.event === 'token.revoked');
    expect(await closedWithin(keptStream!, 300)).toBe(false);
    await keptStream!.stop();
  });

  it("sends a notification again once its delivery settled, with the channel's outcome", async () => {
    const owner = await registerUser(api.url);
    await request(api.url, 'POST', '/v1/notification-channels', {
      bearer: owner.token,
      body: { kind: 'webhook', name: 'Ops hook', target: `${receiver.url}/live-outcome` },
    });
    const stream = subscribeToEvents(api.url, owner.token);
    await stream.waitFor((event) => event.event === 'ready');
    await request(api.url, 'PUT', '/v1/wallet', {
      bearer: owner.token,
      body: { address: WALLET_ADDRESS, password: PASSWORD },
    });
    type Pushed = { kind: string; deliveries: { channelName: string; status: string }[] };
    const settled = await stream.waitFor(
      (event) =>
        event.event === 'notification' &&
        (event.data as Pushed).deliveries.some((delivery) => delivery.status === 'sent'),
      10_000,
    );
    expect((settled.data as Pushed).kind).toBe('wallet.changed');
    expect((settled.data as Pushed).deliveries).toEqual([
      expect.objectContaining({ channelName: 'Ops hook', status: 'sent' }),
    ]);
    const first = stream.received.find((event) => event.event === 'notification');
    expect((first?.data as Pushed).deliveries[0]?.status).toBe('pending');
    await stream.stop();
  });

  it('refuses the stream without a session', async () => {
    expect((await fetch(`${api.url}/v1/events`)).status).toBe(401);
  });
});

describe('reads: metrics, uptime, overview', () => {
  it('returns per-GPU series, 30 days of uptime and the fleet overview', async () => {
    const owner = await registerUser(api.url);
    const device = await enrolledDevice(owner, 'metrics-rig');
    const t = Date.now();
    const lines: string[] = [];
    for (let index = 0; index < 30; index += 1) {
      const at = t - (30 - index) * 10_000;
      lines.push(`gpu,gpu=0 temperature_c=${60 + index},power_w=300 ${at}`);
      lines.push(`gpu,gpu=1 temperature_c=${50 + index},power_w=200 ${at}`);
      lines.push(`host interval_s=10,rx_bytes=${index * 1000}i,tx_bytes=${index * 100}i ${at}`);
    }
    const write = await fetch(`${api.url}/api/v2/write?precision=ms`, {
      method: 'POST',
      headers: { authorization: `Token ${device.credential}` },
      body: lines.join('\n'),
    });
    expect(write.status).toBe(204);

    const metrics = await request(api.url, 'GET', `/v1/devices/${device.id}/metrics?step=10s`, {
      bearer: owner.token,
    });
    expect(metrics.status).toBe(200);
    const temperature = metrics.body.series.filter(
      (series: { name: string }) => series.name === 'temperature',
    );
    expect(temperature.map((series: { gpu: string }) => series.gpu)).toEqual(['0', '1']);
    expect(temperature[0]).toMatchObject({ unit: '°C' });
    expect(temperature[0].points.length).toBeGreaterThanOrEqual(29);
    expect(temperature[0].points.at(-1)[1]).toBe(89);
    const power = metrics.body.series.find(
      (series: { name: string; gpu?: string }) => series.name === 'power' && series.gpu === '1',
    );
    expect(power.points[0][1]).toBe(200);
    const rx = metrics.body.series.find((series: { name: string }) => series.name === 'rxRate');
    expect(rx.unit).toBe('B/s');
    expect(rx.points.at(-1)[1]).toBe(100);

    const tooFine = await request(
      api.url,
      'GET',
      `/v1/devices/${device.id}/metrics?from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z&step=10s`,
      {
        bearer: owner.token,
      },
    );
    expect(tooFine.status).toBe(400);
    expect(tooFine.body.error.message).toMatch(/^step: gives more than 1,000 points/);
    const auto = await request(
      api.url,
      'GET',
      `/v1/devices/${device.id}/metrics?from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z`,
      {
        bearer: owner.token,
      },
    );
    expect(auto.body.step).toBe('120s');
    const badTime = await request(
      api.url,
      'GET',
      `/v1/devices/${device.id}/metrics?from=yesterday`,
      { bearer: owner.token },
    );
    expect(badTime.body.error.message).toMatch(/^from: must be an RFC 3339 time/);

    const uptime = await request(api.url, 'GET', `/v1/devices/${device.id}/uptime`, {
      bearer: owner.token,
    });
    expect(uptime.body.days).toHaveLength(30);
    expect(
      uptime.body.days
        .slice(0, 29)
        .every((day: { uptimeRatio: number | null }) => day.uptimeRatio === null),
    ).toBe(true);
    // One write earns the real time since enrollment, not the 300 s its backdated samples span
    // (uptime comes from times of receipt: ingest/uptime.test.ts).
    expect(uptime.body.days[29].uptimeRatio).toBeGreaterThanOrEqual(0);
    expect(uptime.body.days[29].uptimeRatio).toBeLessThanOrEqual(1);
    expect(
      (
        await request(api.url, 'GET', `/v1/devices/${device.id}/uptime?days=91`, {
          bearer: owner.token,
        })
      ).status,
    ).toBe(400);

    const overview = await request(api.url, 'GET', '/v1/overview', { bearer: owner.token });
    expect(overview.body).toEqual({
      devices: { total: 1, online: 1, offline: 0, pending: 0 },
      gpus: 2,
      avgTemperature: 89,
      totalPowerW: 500,
      earnings: { todayLamports: '0', last7dLamports: '0', balanceLamports: '0' },
    });

    const stranger = await registerUser(api.url);
    for (const path of ['metrics', 'uptime', 'notifications']) {
      expect(
        (
          await request(api.url, 'GET', `/v1/devices/${device.id}/${path}`, {
            bearer: stranger.token,
          })
        ).status,
      ).toBe(404);
    }
  });
});
