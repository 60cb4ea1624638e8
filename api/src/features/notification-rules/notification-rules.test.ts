import { waitFor } from '@ioworker/tools/test/stack';
import { sql } from 'kysely';
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
import { startApiWithReceiver } from '../../test/receiving-api.js';
import type { TestApi } from '../../test/test-api.js';
import type { Receiver } from '../channels/senders/test/receiver.js';

let api: TestApi;
let receiver: Receiver;
let stop: () => Promise<void>;

beforeAll(async () => {
  ({ api, receiver, stop } = await startApiWithReceiver({
    DELIVERY_POLL_MS: '50',
    // Wide enough that three writes sent together still fall in one group: on a busy CI
    // machine (two test workers on two cores) their alerts have come more than 4 s apart.
    DELIVERY_GROUP_MS: '8000',
    ALERT_EVALUATION_MS: '100',
  }));
});
afterAll(() => stop());

type Delivered = { event: string; status: string; title: string; count?: number; message: string };

function deliveredTo(path: string): Delivered[] {
  return receiver.requests
    .filter((recorded) => recorded.path === path)
    .map((recorded) => JSON.parse(recorded.body) as Delivered);
}

/** A user with a webhook channel at `/<path>` and `count` devices that reported once (1 s interval). */
async function rig(path: string, count: number) {
  const user = await registerUser(api.url);
  await request(api.url, 'POST', '/v1/notification-channels', {
    bearer: user.token,
    body: { kind: 'webhook', target: `${receiver.url}/${path}` },
  });
  const devices: { id: string; credential: string }[] = [];
  for (let i = 0; i < count; i += 1) {
    const created = await createDevice(api.url, user, `${path}-rig-${i}`);
    const { credential } = (await enroll(api.url, created.enrollment.token)).body;
    devices.push({ id: created.device.id, credential });
  }
  return { user, devices };
}

/** Makes devices look silent for `minutes` (past the offline rule's 5), as waiting would. */
async function silence(deviceIds: string[], minutes = 10) {
  await api.db
    .updateTable('devices')
    .set({ last_seen_at: sql<Date>`now() - make_interval(mins => ${minutes})` })
    .where('id', 'in', deviceIds)
    .execute();
}

function report(credential: string) {
  return fetch(`${api.url}/api/v2/write?precision=ms`, {
    method: 'POST',
    headers: { authorization: `Token ${credential}` },
    body: `host interval_s=1 ${Date.now()}`,
  });
}

// A grouped alert waits DELIVERY_GROUP_MS (8 s) before it leaves; one test waits for two groups.
describe('notification rules', { timeout: 60_000 }, () => {
  it('lists every event with its defaults; a security event cannot be turned off', async () => {
    const user = await registerUser(api.url);
    const rules = await request(api.url, 'GET', '/v1/notification-rules', { bearer: user.token });
    expect(rules.body.quietHours).toBeNull();
    expect(rules.body.rules).toContainEqual(
      expect.objectContaining({ event: 'device.offline', enabled: true, channelIds: null }),
    );
    expect(rules.body.rules).toContainEqual(
      expect.objectContaining({ event: 'wallet.changed', security: true, enabled: true }),
    );
    const refused = await request(api.url, 'PUT', '/v1/notification-rules', {
      bearer: user.token,
      body: {
        rules: [{ event: 'wallet.changed', enabled: false, channelIds: null }],
        quietHours: null,
      },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/security event/);
  });

  it("refuses another account's channel in a rule, and another account's device", async () => {
    const owner = await rig('foreign-owner', 1);
    const channels = await request(api.url, 'GET', '/v1/notification-channels', {
      bearer: owner.user.token,
    });
    const stranger = await registerUser(api.url);
    const reply = await request(api.url, 'PUT', '/v1/notification-rules', {
      bearer: stranger.token,
      body: {
        rules: [
          { event: 'device.offline', enabled: true, channelIds: [channels.body.channels[0].id] },
        ],
        quietHours: null,
      },
    });
    expect(reply.status).toBe(400);
    for (const [method, path, body] of [
      ['GET', `/v1/devices/${owner.devices[0]!.id}/notification-rules`, undefined],
      ['PUT', `/v1/devices/${owner.devices[0]!.id}/notification-rules`, { rules: [] }],
      [
        'POST',
        `/v1/devices/${owner.devices[0]!.id}/mute`,
        { until: new Date(Date.now() + 60_000).toISOString() },
      ],
      ['DELETE', `/v1/devices/${owner.devices[0]!.id}/mute`, undefined],
    ] as const) {
      const answer = await request(api.url, method, path, { bearer: stranger.token, body });
      expect(answer.status, `${method} ${path}`).toBe(404);
    }
  });

  it('groups devices going offline together into one message, and their return into one more', async () => {
    const { devices } = await rig('grouped', 3);
    await Promise.all(devices.map((device) => report(device.credential)));
    await silence(devices.map((device) => device.id));
    const offline = await waitFor(
      'the offline alert',
      async () =>
        deliveredTo('/grouped').find((d) => d.event === 'device.offline' && d.status === 'firing'),
      20_000,
    );
    expect(offline).toMatchObject({ count: 3, title: '3 devices offline' });
    expect(offline.message).toContain('grouped-rig-2');
    await Promise.all(devices.map((device) => report(device.credential)));
    const back = await waitFor(
      'the resolution',
      async () => deliveredTo('/grouped').find((d) => d.status === 'resolved'),
      20_000,
    );
    expect(back).toMatchObject({ count: 3, title: '3 devices reporting again' });
    expect(deliveredTo('/grouped').filter((d) => d.event === 'device.offline')).toHaveLength(2);
  });

  it('sends nothing for a muted device or a disabled event; security events still go out', async () => {
    const { user, devices } = await rig('quiet-rig', 2);
    const [muted, watched] = devices;
    const mute = await request(api.url, 'POST', `/v1/devices/${muted!.id}/mute`, {
      bearer: user.token,
      body: { until: new Date(Date.now() + 3_600_000).toISOString() },
    });
    expect(mute.status).toBe(200);
    await request(api.url, 'PUT', `/v1/devices/${watched!.id}/notification-rules`, {
      bearer: user.token,
      body: { rules: [{ event: 'device.offline', enabled: false }] },
    });
    await Promise.all(devices.map((device) => report(device.credential)));
    await silence(devices.map((device) => device.id));
    await request(api.url, 'PUT', '/v1/wallet', {
      bearer: user.token,
      body: { address: WALLET_ADDRESS, password: PASSWORD },
    });
    await waitFor(
      'wallet',
      async () => deliveredTo('/quiet-rig').find((d) => d.event === 'wallet.changed'),
      20_000,
    );
    for (const device of devices) {
      await waitForOffline(user, device.id);
    }
    const alerted = await waitFor(
      'the muted device judged offline',
      async () => {
        const listed = await request(api.url, 'GET', `/v1/devices/${muted!.id}/notifications`, {
          bearer: user.token,
        });
        return (
          listed.body.notifications as { alert: { event: string } | null; deliveries: [] }[]
        ).find((item) => item.alert?.event === 'device.offline');
      },
      10_000,
    );
    expect(alerted.deliveries).toEqual([]);
    // Past the grouping window (1.5 s) and a few worker rounds: anything queued would be out.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(deliveredTo('/quiet-rig').map((d) => d.event)).toEqual(['wallet.changed']);
  });

  it('unmuting lets alerts out again', async () => {
    const { user, devices } = await rig('unmuted', 1);
    const [device] = devices;
    await request(api.url, 'POST', `/v1/devices/${device!.id}/mute`, {
      bearer: user.token,
      body: { until: new Date(Date.now() + 3_600_000).toISOString() },
    });
    await report(device!.credential);
    await silence([device!.id]);
    await waitFor(
      'the muted offline alert, in the app only',
      async () => {
        const listed = await request(api.url, 'GET', `/v1/devices/${device!.id}/notifications`, {
          bearer: user.token,
        });
        return (listed.body.notifications as { alert: { event: string } | null }[]).find(
          (item) => item.alert?.event === 'device.offline',
        );
      },
      10_000,
    );
    const unmuted = await request(api.url, 'DELETE', `/v1/devices/${device!.id}/mute`, {
      bearer: user.token,
    });
    expect(unmuted.status).toBe(204);
    const rules = await request(api.url, 'GET', `/v1/devices/${device!.id}/notification-rules`, {
      bearer: user.token,
    });
    expect(rules.body.mutedUntil).toBeNull();
    await report(device!.credential);
    const back = await waitFor(
      'the resolution, delivered',
      async () => deliveredTo('/unmuted').find((d) => d.status === 'resolved'),
      15_000,
    );
    expect(back.event).toBe('device.offline');
    expect(deliveredTo('/unmuted').filter((d) => d.status === 'firing')).toEqual([]);
  });

  it('holds alerts during quiet hours but never a security event', async () => {
    const { user, devices } = await rig('night', 1);
    const now = new Date();
    const hhmm = (date: Date) => date.toISOString().slice(11, 16);
    const stored = await request(api.url, 'PUT', '/v1/notification-rules', {
      bearer: user.token,
      body: {
        rules: [],
        quietHours: {
          start: hhmm(new Date(now.getTime() - 3_600_000)),
          end: hhmm(new Date(now.getTime() + 7_200_000)),
        },
      },
    });
    expect(stored.status).toBe(200);
    await report(devices[0]!.credential);
    await silence([devices[0]!.id]);
    await request(api.url, 'PUT', '/v1/wallet', {
      bearer: user.token,
      body: { address: WALLET_ADDRESS, password: PASSWORD },
    });
    await waitFor(
      'wallet',
      async () => deliveredTo('/night').find((d) => d.event === 'wallet.changed'),
      20_000,
    );
    const rows = await waitForHeld(user.id);
    expect(rows.next_attempt_at.getTime()).toBeGreaterThan(Date.now() + 3_600_000);
    expect(deliveredTo('/night').map((d) => d.event)).toEqual(['wallet.changed']);
  });
});

function waitForOffline(user: TestUser, deviceId: string) {
  return waitFor(
    'the device to go offline',
    async () => {
      const device = await request(api.url, 'GET', `/v1/devices/${deviceId}`, {
        bearer: user.token,
      });
      const notifications = await request(api.url, 'GET', `/v1/devices/${deviceId}/notifications`, {
        bearer: user.token,
      });
      const announced = (notifications.body.notifications as { kind: string }[]).some(
        (item) => item.kind === 'device.offline',
      );
      return device.body.status === 'offline' && announced ? true : undefined;
    },
    20_000,
  );
}

function waitForHeld(accountId: string) {
  return waitFor(
    'a held delivery',
    () =>
      api.db
        .selectFrom('notification_deliveries')
        .select(['next_attempt_at', 'status'])
        .where('account_id', '=', accountId)
        .where('status', '=', 'pending')
        .executeTakeFirst(),
    10_000,
  );
}
