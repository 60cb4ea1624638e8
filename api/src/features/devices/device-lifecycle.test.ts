import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onlineDevice, registerUser, request, type TestUser } from '../../test/http.js';
import { subscribeToEvents } from '../../test/sse.js';
import { ROLE_TOKENS, startTestApi, type TestApi } from '../../test/test-api.js';

let api: TestApi;
let owner: TestUser;

beforeAll(async () => {
  api = await startTestApi();
  owner = await registerUser(api.url);
});
afterAll(() => api.close());

function change(deviceId: string, to: 'pause' | 'resume', user = owner) {
  return request(api.url, 'POST', `/v1/devices/${deviceId}/${to}`, { bearer: user.token });
}

function startJob(deviceId: string, externalId = randomUUID()) {
  return request(api.url, 'POST', '/v1/jobs', {
    bearer: ROLE_TOKENS.SERVICE_TOKEN,
    body: { externalId, deviceId, status: 'running', startedAt: new Date().toISOString() },
  });
}

async function schedulableIds(): Promise<string[]> {
  const reply = await request(api.url, 'GET', '/v1/schedulable-devices', {
    bearer: ROLE_TOKENS.SERVICE_TOKEN,
  });
  expect(reply.status).toBe(200);
  return (reply.body.devices as { id: string }[]).map((device) => device.id);
}

async function stateOf(deviceId: string): Promise<unknown> {
  const reply = await request(api.url, 'GET', `/v1/devices/${deviceId}`, { bearer: owner.token });
  return reply.body.state;
}

describe('pausing a device', () => {
  it('keeps it off the schedulable list and refuses a job start until it is resumed', async () => {
    const device = await onlineDevice(api.url, owner, 'gaming-rig');
    const stream = subscribeToEvents(api.url, owner.token);
    await stream.waitFor((event) => event.event === 'ready');
    expect(await stateOf(device.id)).toBe('idle');
    expect(await schedulableIds()).toContain(device.id);

    const paused = await change(device.id, 'pause');
    expect(paused.status).toBe(200);
    expect(paused.body).toMatchObject({ id: device.id, state: 'paused', status: 'online' });
    expect(paused.body.pausedAt).toEqual(expect.any(String));
    expect((await change(device.id, 'pause')).body.pausedAt).toBe(paused.body.pausedAt);
    const pushed = await stream.waitFor((event) => event.event === 'device.state');
    expect(pushed.data).toEqual({
      deviceId: device.id,
      state: 'paused',
      pausedAt: paused.body.pausedAt,
    });
    await stream.stop();
    expect(await schedulableIds()).not.toContain(device.id);
    const refused = await startJob(device.id);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('device_paused');

    const resumed = await change(device.id, 'resume');
    expect(resumed.body).toMatchObject({ state: 'idle', pausedAt: null });
    expect(await schedulableIds()).toContain(device.id);
    expect((await startJob(device.id)).status).toBe(201);
    expect(await stateOf(device.id)).toBe('busy');
  });

  it('lets a job that was running when the device was paused report again and end', async () => {
    const device = await onlineDevice(api.url, owner, 'mid-job');
    const externalId = randomUUID();
    expect((await startJob(device.id, externalId)).status).toBe(201);
    await change(device.id, 'pause');
    expect(await stateOf(device.id)).toBe('paused');
    expect((await startJob(device.id, externalId)).status).toBe(200);
    const ended = await request(api.url, 'POST', '/v1/jobs', {
      bearer: ROLE_TOKENS.SERVICE_TOKEN,
      body: {
        externalId,
        deviceId: device.id,
        status: 'completed',
        startedAt: new Date().toISOString(),
        endedAt: new Date().toISOString(),
      },
    });
    expect(ended.status).toBe(200);
  });

  it('refuses every job start sent after the pause answered, with jobs starting throughout', async () => {
    const device = await onlineDevice(api.url, owner, 'raced');
    let paused = false;
    const afterPause: number[] = [];
    const statuses: number[] = [];
    const starters = Array.from({ length: 4 }, async () => {
      for (let sent = 0; sent < 15; sent++) {
        const sentAfterPause = paused;
        const { status } = await startJob(device.id);
        statuses.push(status);
        if (sentAfterPause) afterPause.push(status);
      }
    });
    const pausing = change(device.id, 'pause').then((reply) => {
      expect(reply.status).toBe(200);
      paused = true;
    });
    await Promise.all([...starters, pausing]);
    expect(statuses.every((status) => status === 201 || status === 409)).toBe(true);
    expect(afterPause.length).toBeGreaterThan(0);
    expect(afterPause.every((status) => status === 409)).toBe(true);
  });

  it("is the owner's alone, and the schedulable list the orchestrator's alone", async () => {
    const device = await onlineDevice(api.url, owner, 'mine');
    const stranger = await registerUser(api.url);
    expect((await change(device.id, 'pause', stranger)).status).toBe(404);
    expect((await change(randomUUID(), 'pause')).status).toBe(404);
    expect((await change('not-an-id', 'pause')).status).toBe(400);
    const anonymous = await request(api.url, 'POST', `/v1/devices/${device.id}/pause`);
    expect(anonymous.status).toBe(401);
    const asUser = await request(api.url, 'GET', '/v1/schedulable-devices', {
      bearer: owner.token,
    });
    expect(asUser.status).toBe(401);
    const badCursor = await request(api.url, 'GET', '/v1/schedulable-devices?after=x', {
      bearer: ROLE_TOKENS.SERVICE_TOKEN,
    });
    expect(badCursor.status).toBe(400);
    expect(await stateOf(device.id)).toBe('idle');
  });
});
