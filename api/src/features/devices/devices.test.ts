import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevice, enroll, registerUser, request } from '../../test/http.js';
import { startTestApi, type TestApi } from '../../test/test-api.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

describe('devices', () => {
  it('creates a pending device with a one-hour token and install commands from PUBLIC_URL', async () => {
    const user = await registerUser(api.url);
    const reply = await request(api.url, 'POST', '/v1/devices', {
      bearer: user.token,
      body: { name: '  Rig 🚀 Ω  ', os: 'windows' },
    });
    expect(reply.status).toBe(201);
    const { device, enrollment } = reply.body;
    expect(device).toMatchObject({
      name: 'Rig 🚀 Ω',
      os: 'windows',
      status: 'pending',
      activity: null,
      lastSeenAt: null,
      gpus: [],
    });
    expect(enrollment.token).toMatch(/^iowe_[a-z2-7]{32}$/);
    const ttl = Date.parse(enrollment.expiresAt) - Date.now();
    expect(ttl).toBeGreaterThan(59 * 60 * 1000);
    expect(ttl).toBeLessThanOrEqual(60 * 60 * 1000);
    expect(enrollment.commands.ubuntu).toBe(
      `curl -fsSL http://localhost:8080/install.sh | sudo bash -s -- --api http://localhost:8080 --token ${enrollment.token}`,
    );
    expect(enrollment.commands.windows).toContain("irm 'http://localhost:8080/install.ps1'");
    expect(enrollment.commands.windows).toContain(`-Token '${enrollment.token}'`);
    const stored = await api.db.selectFrom('enrollment_tokens').select('token_hash').execute();
    expect(stored.map((row) => row.token_hash)).not.toContain(enrollment.token);
  });

  it('lists, gets, renames and deletes', async () => {
    const user = await registerUser(api.url);
    const first = await createDevice(api.url, user, 'alpha');
    await createDevice(api.url, user, 'beta');
    const list = await request(api.url, 'GET', '/v1/devices', { bearer: user.token });
    expect(list.body.devices.map((device: { name: string }) => device.name)).toEqual([
      'alpha',
      'beta',
    ]);

    const details = await request(api.url, 'GET', `/v1/devices/${first.device.id}`, {
      bearer: user.token,
    });
    expect(details.status).toBe(200);
    expect(details.body).toMatchObject({
      id: first.device.id,
      name: 'alpha',
      services: [],
      gpus: [],
    });
    expect(details.body.traffic).toEqual({
      rxBytesPerSec: null,
      txBytesPerSec: null,
      rxTotal: null,
      txTotal: null,
    });

    const renamed = await request(api.url, 'PATCH', `/v1/devices/${first.device.id}`, {
      bearer: user.token,
      body: { name: 'gamma' },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe('gamma');

    expect(
      (await request(api.url, 'DELETE', `/v1/devices/${first.device.id}`, { bearer: user.token }))
        .status,
    ).toBe(204);
    const after = await request(api.url, 'GET', '/v1/devices', { bearer: user.token });
    expect(after.body.devices.map((device: { name: string }) => device.name)).toEqual(['beta']);
    expect(
      (await request(api.url, 'GET', `/v1/devices/${first.device.id}`, { bearer: user.token }))
        .status,
    ).toBe(404);
    expect(
      (await request(api.url, 'DELETE', `/v1/devices/${first.device.id}`, { bearer: user.token }))
        .status,
    ).toBe(404);
  });

  it('computes online and offline from the last sample and the reporting interval', async () => {
    const user = await registerUser(api.url);
    const online = await createDevice(api.url, user, 'online');
    const offline = await createDevice(api.url, user, 'offline');
    await api.db
      .updateTable('devices')
      .set({ last_seen_at: new Date(Date.now() - 5_000) })
      .where('id', '=', online.device.id)
      .execute();
    await api.db
      .updateTable('devices')
      .set({ last_seen_at: new Date(Date.now() - 31_000) })
      .where('id', '=', offline.device.id)
      .execute();
    const list = await request(api.url, 'GET', '/v1/devices', { bearer: user.token });
    const byName = Object.fromEntries(
      list.body.devices.map((device: { name: string }) => [device.name, device]),
    );
    expect(byName.online).toMatchObject({ status: 'online', activity: 'idle' });
    expect(byName.offline).toMatchObject({ status: 'offline', activity: null });
  });
});

describe('enrollment', () => {
  it('exchanges the token once for a device credential stored only as a hash', async () => {
    const user = await registerUser(api.url);
    const created = await createDevice(api.url, user);
    const enrolled = await enroll(api.url, created.enrollment.token);
    expect(enrolled.status).toBe(201);
    expect(enrolled.body).toMatchObject({
      deviceId: created.device.id,
      ingestUrl: 'http://localhost:8080',
    });
    expect(enrolled.body.credential).toMatch(/^iowd_[a-z2-7]{52}$/);
    const row = await api.db
      .selectFrom('devices')
      .select(['credential_hash', 'hostname', 'gpus'])
      .where('id', '=', created.device.id)
      .executeTakeFirstOrThrow();
    expect(row.credential_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.credential_hash).not.toContain(enrolled.body.credential);
    expect(row.hostname).toBe('gpu-node-1');
    const device = await request(api.url, 'GET', `/v1/devices/${created.device.id}`, {
      bearer: user.token,
    });
    expect(device.body.gpus).toEqual([
      { index: 0, uuid: 'GPU-1', model: 'NVIDIA GeForce RTX 4090', memoryTotalMiB: 24564 },
    ]);
    expect(device.body.hostname).toBe('gpu-node-1');

    const again = await enroll(api.url, created.enrollment.token);
    expect(again.status).toBe(401);
    expect(again.body.error.code).toBe('invalid_enrollment_token');
  });

  it('refuses an expired token and accepts a node without GPUs', async () => {
    const user = await registerUser(api.url);
    const expired = await createDevice(api.url, user);
    await api.db
      .updateTable('enrollment_tokens')
      .set({ expires_at: new Date(Date.now() - 1) })
      .where('device_id', '=', expired.device.id)
      .execute();
    expect((await enroll(api.url, expired.enrollment.token)).status).toBe(401);

    const cpuOnly = await createDevice(api.url, user);
    const reply = await request(api.url, 'POST', '/v1/enroll', {
      body: { token: cpuOnly.enrollment.token, hostname: 'cpu-box', os: 'Ubuntu 22.04', gpus: [] },
    });
    expect(reply.status).toBe(201);
  });

  it('re-enrolment replaces the credential once the new token is used; older tokens die', async () => {
    const user = await registerUser(api.url);
    const created = await createDevice(api.url, user);
    const firstCredential = (await enroll(api.url, created.enrollment.token)).body.credential;
    const deviceRoute = (credential: string) =>
      request(api.url, 'POST', '/api/v2/write', {
        deviceToken: credential,
        rawBody: '',
        headers: { 'content-type': 'text/plain' },
      });
    expect((await deviceRoute(firstCredential)).status).not.toBe(401);

    const reissued = await request(api.url, 'POST', `/v1/devices/${created.device.id}/enrollment`, {
      bearer: user.token,
    });
    expect(reissued.status).toBe(201);
    expect(reissued.body.commands.ubuntu).toContain(reissued.body.token);
    const replaced = await request(api.url, 'POST', `/v1/devices/${created.device.id}/enrollment`, {
      bearer: user.token,
    });
    expect((await enroll(api.url, reissued.body.token)).status).toBe(401);
    expect((await deviceRoute(firstCredential)).status).not.toBe(401);

    const second = await enroll(api.url, replaced.body.token);
    expect(second.status).toBe(201);
    expect(second.body.deviceId).toBe(created.device.id);
    expect((await deviceRoute(firstCredential)).status).toBe(401);
    expect((await deviceRoute(second.body.credential)).status).not.toBe(401);
  });

  it('deleting a device revokes its credential at once and kills its unused token', async () => {
    const user = await registerUser(api.url);
    const created = await createDevice(api.url, user);
    const credential = (await enroll(api.url, created.enrollment.token)).body.credential;
    const pending = await request(api.url, 'POST', `/v1/devices/${created.device.id}/enrollment`, {
      bearer: user.token,
    });
    await request(api.url, 'DELETE', `/v1/devices/${created.device.id}`, { bearer: user.token });
    const write = await request(api.url, 'POST', '/api/v2/write', {
      deviceToken: credential,
      rawBody: 'x',
      headers: { 'content-type': 'text/plain' },
    });
    expect(write.status).toBe(401);
    expect(write.body).toMatchObject({
      code: 'unauthorized',
      message: 'This device credential is not valid.',
    });
    expect((await enroll(api.url, pending.body.token)).status).toBe(401);
  });
});

describe('audit log', () => {
  it('records logins, device changes and enrollment with account, IP and time', async () => {
    const user = await registerUser(api.url);
    await request(api.url, 'POST', '/v1/auth/login', {
      body: { email: user.email, password: 'wrong password' },
      headers: { 'x-forwarded-for': '198.51.100.77' },
    });
    const created = await createDevice(api.url, user);
    await request(api.url, 'PATCH', `/v1/devices/${created.device.id}`, {
      bearer: user.token,
      body: { name: 'x' },
    });
    await enroll(api.url, created.enrollment.token);
    await request(api.url, 'POST', `/v1/devices/${created.device.id}/enrollment`, {
      bearer: user.token,
    });
    await request(api.url, 'DELETE', `/v1/devices/${created.device.id}`, { bearer: user.token });
    await request(api.url, 'POST', '/v1/auth/logout', { bearer: user.token });
    const events = await api.db
      .selectFrom('audit_events')
      .select(['action', 'ip', 'at', 'device_id', 'details'])
      .where('account_id', '=', user.id)
      .orderBy('id')
      .execute();
    expect(events.map((event) => event.action)).toEqual([
      'account.registered',
      'login.failed',
      'device.created',
      'device.renamed',
      'device.enrolled',
      'device.enrollment_issued',
      'device.deleted',
      'logout',
    ]);
    expect(events[1]?.ip).toBe('198.51.100.77');
    expect(events.every((event) => event.at instanceof Date && event.ip)).toBe(true);
    expect(JSON.stringify(events)).not.toContain('wrong password');
  });
});
