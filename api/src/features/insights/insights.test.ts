import { waitFor } from '@ioworker/tools/test/stack';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolledDevice, registerUser, request, type TestUser } from '../../test/http.js';
import { ROLE_TOKENS, startTestApi, type TestApi } from '../../test/test-api.js';

// The evaluator runs every 100 ms, as in the alert tests: a pending idle episode's start is
// moved back in the database, as if its hold time had passed.
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ ALERT_EVALUATION_MS: '100' });
});
afterAll(() => api.close());

type Insight = { kind: string; deviceId: string; hours?: number; message: string };

async function rig(user: TestUser, name: string) {
  const { id, credential } = await enrolledDevice(api.url, user, name);
  const write = async (lines: string) => {
    const reply = await fetch(`${api.url}/api/v2/write?precision=ms`, {
      method: 'POST',
      headers: { authorization: `Token ${credential}` },
      body: lines,
    });
    expect(reply.status).toBe(204);
  };
  return { id, write };
}

async function insightsOf(user: TestUser): Promise<Insight[]> {
  const reply = await request(api.url, 'GET', '/v1/insights', { bearer: user.token });
  expect(reply.status).toBe(200);
  return reply.body.insights;
}

function reportJob(deviceId: string, status: string, earningsLamports?: string) {
  const now = new Date().toISOString();
  return request(api.url, 'POST', '/v1/jobs', {
    bearer: ROLE_TOKENS.SERVICE_TOKEN,
    body: {
      externalId: `job-${deviceId}-${status}`,
      deviceId,
      status,
      startedAt: now,
      ...(status === 'completed' ? { endedAt: now, earningsLamports } : {}),
    },
  });
}

describe('GET /v1/insights', () => {
  it('an idle device shows once idle for the rule hours, and no longer once a job runs', async () => {
    const user = await registerUser(api.url);
    const device = await rig(user, 'idle-rig');
    await device.write(
      `host interval_s=60 ${Date.now()}\ngpu,gpu=0 utilization_pct=1 ${Date.now()}`,
    );
    const pending = () =>
      api.db
        .selectFrom('alert_episodes')
        .select('state')
        .where('device_id', '=', device.id)
        .where('event', '=', 'device.idle')
        .executeTakeFirst();
    await waitFor('the idle episode', pending, 10_000);
    expect(await insightsOf(user)).toEqual([]);
    await api.db
      .updateTable('alert_episodes')
      .set({ since: sql<Date>`since - interval '7 hours'` })
      .where('device_id', '=', device.id)
      .execute();
    const [idle] = await insightsOf(user);
    expect(idle).toMatchObject({ kind: 'idle', deviceId: device.id });
    expect(idle?.hours).toBeGreaterThanOrEqual(6);
    expect((await reportJob(device.id, 'running')).status).toBeLessThan(300);
    expect(await insightsOf(user)).toEqual([]);
  });

  it('a device that earned nothing for the rule hours is stalled until it is credited', async () => {
    const user = await registerUser(api.url);
    const rules = await request(api.url, 'PUT', '/v1/notification-rules', {
      bearer: user.token,
      body: {
        rules: [
          { event: 'earnings.stalled', enabled: false, channelIds: null, params: { forHours: 2 } },
        ],
        quietHours: null,
      },
    });
    expect(rules.status).toBe(200);
    const device = await rig(user, 'stalled-rig');
    await api.db
      .updateTable('devices')
      .set({ created_at: sql<Date>`now() - interval '3 hours'` })
      .where('id', '=', device.id)
      .execute();
    await device.write(`host interval_s=60 ${Date.now()}`);
    // The rule does not alert, yet the insight shows, with the rule's threshold.
    expect(await insightsOf(user)).toEqual([
      expect.objectContaining({ kind: 'earnings_stalled', deviceId: device.id, hours: 3 }),
    ]);
    expect((await reportJob(device.id, 'completed', '5000')).status).toBeLessThan(300);
    expect(await insightsOf(user)).toEqual([]);
  });

  it("never shows another account's device; a foreign or malformed id is refused", async () => {
    const owner = await registerUser(api.url);
    const stranger = await registerUser(api.url);
    const device = await rig(owner, 'private-rig');
    await api.db
      .updateTable('devices')
      .set({ created_at: sql<Date>`now() - interval '30 hours'` })
      .where('id', '=', device.id)
      .execute();
    await device.write(`host interval_s=60 ${Date.now()}`);
    expect((await insightsOf(owner)).map((insight) => insight.kind)).toEqual(['earnings_stalled']);
    expect(await insightsOf(stranger)).toEqual([]);
    const mine = await request(api.url, 'GET', `/v1/devices/${device.id}/insights`, {
      bearer: owner.token,
    });
    expect(mine.body).toMatchObject({ insights: [{ kind: 'earnings_stalled' }], cohort: null });
    const foreign = await request(api.url, 'GET', `/v1/devices/${device.id}/insights`, {
      bearer: stranger.token,
    });
    expect(foreign.status).toBe(404);
    const malformed = await request(api.url, 'GET', '/v1/devices/not-an-id/insights', {
      bearer: owner.token,
    });
    expect(malformed.status).toBe(400);
    expect((await request(api.url, 'GET', '/v1/insights')).status).toBe(401);
  });
});
