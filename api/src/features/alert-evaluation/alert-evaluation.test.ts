import { waitFor } from '@ioworker/tools/test/stack';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDevice,
  enroll,
  PASSWORD,
  registerUser,
  request,
  uniqueEmail,
  type TestUser,
} from '../../test/http.js';
import { startApiWithReceiver } from '../../test/receiving-api.js';
import { startTestApi, type TestApi } from '../../test/test-api.js';
import type { Receiver } from '../channels/senders/test/receiver.js';

// A real API (its evaluator every 100 ms) and a local webhook receiver. Time is not waited for:
// a pending condition's start is moved back in the database, as if its hold time had passed.
let api: TestApi;
let receiver: Receiver;
let stop: () => Promise<void>;

beforeAll(async () => {
  ({ api, receiver, stop } = await startApiWithReceiver({
    DELIVERY_POLL_MS: '50',
    DELIVERY_GROUP_MS: '100',
    ALERT_EVALUATION_MS: '100',
  }));
});
afterAll(() => stop());

type Delivered = {
  event: string;
  status: string;
  severity: string;
  title: string;
  message: string;
};

function deliveredTo(path: string): Delivered[] {
  return receiver.requests
    .filter((recorded) => recorded.path === path)
    .map((recorded) => JSON.parse(recorded.body) as Delivered);
}

function waitForDelivery(path: string, match: (delivered: Delivered) => boolean, what: string) {
  return waitFor(what, async () => deliveredTo(path).find(match), 15_000);
}

async function watchedRig(path: string) {
  const user = await registerUser(api.url);
  await request(api.url, 'POST', '/v1/notification-channels', {
    bearer: user.token,
    body: { kind: 'webhook', target: `${receiver.url}/${path}` },
  });
  const created = await createDevice(api.url, user, `${path}-rig`);
  const { credential } = (await enroll(api.url, created.enrollment.token)).body as {
    credential: string;
  };
  const write = async (lines: string) => {
    const reply = await fetch(`${api.url}/api/v2/write?precision=ms`, {
      method: 'POST',
      headers: { authorization: `Token ${credential}` },
      body: lines,
    });
    expect(reply.status).toBe(204);
  };
  return { user, deviceId: created.device.id, write };
}

/** A GPU sample line of GPU 0 now. */
const gpu = (fields: string) => `gpu,gpu=0 ${fields} ${Date.now()}`;

/** Moves an episode's start back, as if it had held that long. */
async function heldFor(deviceId: string, event: string, minutes: number) {
  await waitFor(
    `${event} pending`,
    () =>
      api.db
        .selectFrom('alert_episodes')
        .select('state')
        .where('device_id', '=', deviceId)
        .where('event', '=', event)
        .where('state', '=', 'pending')
        .executeTakeFirst(),
    10_000,
  );
  await api.db
    .updateTable('alert_episodes')
    .set({ since: sql<Date>`since - make_interval(mins => ${minutes})` })
    .where('device_id', '=', deviceId)
    .where('event', '=', event)
    .execute();
}

async function putRules(user: TestUser, rules: unknown[]) {
  return request(api.url, 'PUT', '/v1/notification-rules', {
    bearer: user.token,
    body: { rules, quietHours: null },
  });
}

describe('alert evaluation', () => {
  it('a GPU past its temperature for the hold time fires once, critical when far past; cooling resolves it', async () => {
    const rig = await watchedRig('hot');
    await rig.write(`host interval_s=60 ${Date.now()}\n${gpu('temperature_c=96,throttled=1i')}`);
    await heldFor(rig.deviceId, 'gpu.hot', 6);
    const fired = await waitForDelivery('/hot', (d) => d.event === 'gpu.hot', 'the hot alert');
    expect(fired).toMatchObject({ status: 'firing', severity: 'critical' });
    expect(fired.message).toContain('GPU 0 at 96 °C, throttling');
    await rig.write(gpu('temperature_c=97,throttled=1i'));
    await rig.write(gpu('temperature_c=60,throttled=0i'));
    await waitForDelivery('/hot', (d) => d.status === 'resolved', 'the resolution');
    expect(deliveredTo('/hot').map((d) => `${d.event} ${d.status}`)).toEqual([
      'gpu.hot firing',
      'gpu.hot resolved',
    ]);
  });

  it('follows the account threshold and a device override', async () => {
    const rig = await watchedRig('threshold');
    const stored = await putRules(rig.user, [
      { event: 'gpu.hot', enabled: true, channelIds: null, params: { temperatureC: 70 } },
    ]);
    expect(stored.status).toBe(200);
    const rule = (stored.body.rules as { event: string; params: object }[]).find(
      (candidate) => candidate.event === 'gpu.hot',
    );
    expect(rule?.params).toEqual({ temperatureC: 70, forMinutes: 5 });
    const override = await request(
      api.url,
      'PUT',
      `/v1/devices/${rig.deviceId}/notification-rules`,
      {
        bearer: rig.user.token,
        body: { rules: [{ event: 'gpu.hot', params: { forMinutes: 1 } }] },
      },
    );
    expect(override.status).toBe(200);
    expect(
      (override.body.effective as { event: string; params: object }[]).find(
        (candidate) => candidate.event === 'gpu.hot',
      )?.params,
    ).toEqual({ temperatureC: 70, forMinutes: 1 });
    await rig.write(`host interval_s=60 ${Date.now()}\n${gpu('temperature_c=75')}`);
    await heldFor(rig.deviceId, 'gpu.hot', 1);
    const fired = await waitForDelivery('/threshold', (d) => d.event === 'gpu.hot', 'alert');
    expect(fired).toMatchObject({ severity: 'warning' });
    expect(fired.message).toContain('limit 70 °C, for 1 min');
  });

  it('refuses a param the event lacks or out of its bounds, naming it', async () => {
    const user = await registerUser(api.url);
    const unknown = await putRules(user, [
      { event: 'device.offline', enabled: true, channelIds: null, params: { forHours: 2 } },
    ]);
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain('rules.0.params.forHours');
    const outOfRange = await putRules(user, [
      { event: 'device.offline', enabled: true, channelIds: null, params: { forMinutes: 0 } },
    ]);
    expect(outOfRange.status).toBe(400);
    expect(outOfRange.body.error.message).toMatch(/forMinutes: must be 1–1440 min/);
    const fractional = await putRules(user, [
      { event: 'device.offline', enabled: true, channelIds: null, params: { forMinutes: 1.5 } },
    ]);
    expect(fractional.status).toBe(400);
  });

  it('a watched service that stays down fires per service, and resolves when it runs', async () => {
    const rig = await watchedRig('service');
    const services = (io: number, sshd: number) =>
      `host interval_s=60 ${Date.now()}\nservice,name=io-worker up=${io}i ${Date.now()}\nservice,name=sshd up=${sshd}i ${Date.now()}`;
    await rig.write(services(0, 1));
    await heldFor(rig.deviceId, 'device.service_down', 3);
    const down = await waitForDelivery('/service', (d) => d.status === 'firing', 'service down');
    expect(down.title).toBe('io-worker is down on service-rig');
    await rig.write(services(1, 1));
    await waitForDelivery('/service', (d) => d.status === 'resolved', 'service up');
  });

  it('an online device with no job and idle GPUs for the hold time is idle', async () => {
    const rig = await watchedRig('idle');
    await rig.write(`host interval_s=60 ${Date.now()}\n${gpu('utilization_pct=1')}`);
    await heldFor(rig.deviceId, 'device.idle', 7 * 60);
    const idle = await waitForDelivery('/idle', (d) => d.event === 'device.idle', 'idle');
    expect(idle).toMatchObject({ status: 'firing', severity: 'info' });
  });

  it('an online device that earned nothing for the set hours is stalled', async () => {
    const rig = await watchedRig('stalled');
    await putRules(rig.user, [
      { event: 'earnings.stalled', enabled: true, channelIds: null, params: { forHours: 2 } },
    ]);
    await api.db
      .updateTable('devices')
      .set({ created_at: sql<Date>`now() - interval '3 hours'` })
      .where('id', '=', rig.deviceId)
      .execute();
    await rig.write(`host interval_s=60 ${Date.now()}`);
    const stalled = await waitForDelivery('/stalled', (d) => d.event === 'earnings.stalled', 'x');
    expect(stalled.message).toContain('earned nothing for 3 h');
  });

  it('new Xid and ECC errors alert at once, at most once a GPU an hour; a first reading is not news', async () => {
    const rig = await watchedRig('faults');
    await rig.write(gpu('xid_errors=4i,ecc_errors=0i'));
    await rig.write(gpu('xid_errors=6i,ecc_errors=1i'));
    await rig.write(gpu('xid_errors=9i,ecc_errors=1i'));
    const xid = await waitForDelivery('/faults', (d) => d.event === 'gpu.xid', 'the Xid alert');
    expect(xid.message).toContain('2 new Xid errors (6 since boot)');
    const ecc = await waitForDelivery('/faults', (d) => d.event === 'gpu.ecc', 'the ECC alert');
    expect(ecc.severity).toBe('critical');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(
      deliveredTo('/faults')
        .map((d) => d.event)
        .sort(),
    ).toEqual(['gpu.ecc', 'gpu.xid']);
  });
});

describe('sign-in from somewhere new', () => {
  it('alerts on a new browser or IP, not on a known one, even with every other alert off', async () => {
    const email = uniqueEmail('signin');
    const from = (ip: string, agent: string) => ({
      headers: { 'x-forwarded-for': ip, 'user-agent': agent },
    });
    const firefox = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
    const registered = await request(api.url, 'POST', '/v1/auth/register', {
      body: { email, password: PASSWORD },
      ...from('203.0.113.7', firefox),
    });
    const token = registered.body.token as string;
    await request(api.url, 'POST', '/v1/notification-channels', {
      bearer: token,
      body: { kind: 'webhook', target: `${receiver.url}/sign-in` },
    });
    const signIn = (ip: string, agent: string) =>
      request(api.url, 'POST', '/v1/auth/login', {
        body: { email, password: PASSWORD },
        ...from(ip, agent),
      });
    // The same browser, one version later, from the same address: known.
    expect((await signIn('203.0.113.7', firefox.replaceAll('133', '134'))).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(deliveredTo('/sign-in')).toEqual([]);
    await signIn('198.51.100.9', firefox);
    const alert = await waitForDelivery('/sign-in', (d) => d.event === 'auth.new_login', 'alert');
    expect(alert.title).toContain('a new IP address');
    expect(alert.message).toContain('198.51.100.9');
  });
});

describe('two evaluators on one database', () => {
  it('announce each alert once', async () => {
    const second = await startTestApi({ ...api.env, ALERT_EVALUATION_MS: '50' });
    try {
      const rig = await watchedRig('twice');
      await rig.write(`host interval_s=1 ${Date.now()}`);
      await api.db
        .updateTable('devices')
        .set({ last_seen_at: sql<Date>`now() - interval '10 minutes'` })
        .where('id', '=', rig.deviceId)
        .execute();
      await waitForDelivery('/twice', (d) => d.event === 'device.offline', 'offline');
      await rig.write(`host interval_s=1 ${Date.now()}`);
      await waitForDelivery('/twice', (d) => d.status === 'resolved', 'back');
      await new Promise((resolve) => setTimeout(resolve, 500));
      const alerts = await api.db
        .selectFrom('notifications')
        .select(['alert_status'])
        .where('device_id', '=', rig.deviceId)
        .where('kind', '=', 'alert')
        .execute();
      expect(alerts.map((row) => row.alert_status).sort()).toEqual(['firing', 'resolved']);
      expect(deliveredTo('/twice')).toHaveLength(2);
    } finally {
      await second.close();
    }
  });
});
