import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalEventBus } from '../../events/event-bus.js';
import { createLogger } from '../../lib/logger.js';
import { onlineDevice, registerUser, request, type TestUser } from '../../test/http.js';
import { subscribeToEvents, type SseEvent } from '../../test/sse.js';
import { ROLE_TOKENS, startTestApi, type TestApi } from '../../test/test-api.js';
import type { AccountEvent } from '../live/live-events.js';
import { INACTIVE_AFTER_MS } from './device-state.js';
import { startStateClockSweeper } from './device-state-events.js';

let api: TestApi;
let owner: TestUser;

beforeAll(async () => {
  api = await startTestApi();
  owner = await registerUser(api.url);
});
afterAll(() => api.close());

function reportJob(deviceId: string, externalId: string, status: 'running' | 'completed') {
  return request(api.url, 'POST', '/v1/jobs', {
    bearer: ROLE_TOKENS.SERVICE_TOKEN,
    body: { externalId, deviceId, status, startedAt: new Date(Date.now() - 1000).toISOString() },
  });
}

const stateEvent = (deviceId: string, state: string | null) => (event: SseEvent) =>
  event.event === 'device.state' &&
  (event.data as { deviceId: string }).deviceId === deviceId &&
  (event.data as { state: string | null }).state === state;

describe('device.state goes out whenever the state moves', () => {
  it('as a job starts and ends, and as a mute is set and lifted', async () => {
    const device = await onlineDevice(api.url, owner, 'state-rig');
    const stream = subscribeToEvents(api.url, owner.token);
    await stream.waitFor((event) => event.event === 'ready');
    const job = randomUUID();

    expect((await reportJob(device.id, job, 'running')).status).toBe(201);
    expect(await stream.waitFor(stateEvent(device.id, 'busy'))).toBeDefined();
    expect((await reportJob(device.id, job, 'completed')).status).toBe(200);
    expect(await stream.waitFor(stateEvent(device.id, 'idle'))).toBeDefined();

    const inAnHour = new Date(Date.now() + 3_600_000).toISOString();
    const muted = await request(api.url, 'POST', `/v1/devices/${device.id}/mute`, {
      bearer: owner.token,
      body: { until: inAnHour },
    });
    expect(muted.status).toBe(200);
    expect(await stream.waitFor(stateEvent(device.id, 'maintenance'))).toBeDefined();
    const unmuted = await request(api.url, 'DELETE', `/v1/devices/${device.id}/mute`, {
      bearer: owner.token,
    });
    expect(unmuted.status).toBe(204);
    // Idle again once the mute is lifted: the second idle of this device.
    const idles = () => stream.received.filter(stateEvent(device.id, 'idle')).length;
    await stream.waitFor(() => idles() === 2);
    await stream.stop();
    const repeats = stream.received.filter(stateEvent(device.id, 'busy'));
    expect(repeats).toHaveLength(1);
  });

  it('as the clock ends a mute and turns a silent device inactive, once per change', async () => {
    const muted = await onlineDevice(api.url, owner, 'mute-ends');
    const silent = await onlineDevice(api.url, owner, 'goes-quiet');
    const untouched = await onlineDevice(api.url, owner, 'still-here');
    const now = Date.now();
    await api.db
      .updateTable('devices')
      .set({ muted_until: new Date(now + 300) })
      .where('id', '=', muted.id)
      .execute();
    await api.db
      .updateTable('devices')
      .set({ last_seen_at: new Date(now - INACTIVE_AFTER_MS + 300) })
      .where('id', '=', silent.id)
      .execute();

    const events = createLocalEventBus<AccountEvent>();
    const published: AccountEvent[] = [];
    events.subscribe(owner.id, (event) => void published.push(event));
    const stop = startStateClockSweeper(
      { db: api.db, events, logger: createLogger('silent') },
      200,
    );
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await stop();

    const states = published.flatMap((event) =>
      event.type === 'device.state' ? [event.data] : [],
    );
    expect(states).toEqual(
      expect.arrayContaining([
        { deviceId: muted.id, state: 'idle', pausedAt: null },
        { deviceId: silent.id, state: 'inactive', pausedAt: null },
      ]),
    );
    expect(states).toHaveLength(2);
    expect(states.map((state) => state.deviceId)).not.toContain(untouched.id);
  });
});
