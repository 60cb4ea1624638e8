import { readFileSync } from 'node:fs';
import path from 'node:path';
import { GRAFANA_WEBHOOK_FIXTURES_DIR } from '@ioworker/tools/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevice, registerUser, request, type TestUser } from '../../test/http.js';
import { ROLE_TOKENS, startTestApi, type TestApi } from '../../test/test-api.js';

type Payload = { alerts: { status: string; labels: Record<string, string>; startsAt: string }[] };

let api: TestApi;
let owner: TestUser;
let deviceId: string;

beforeAll(async () => {
  api = await startTestApi();
  owner = await registerUser(api.url);
  deviceId = (await createDevice(api.url, owner, 'alerting-rig')).device.id;
});
afterAll(() => api.close());

/** A real Grafana body, with the `device` label our provisioned rules put on every alert. */
function fixture(name: string, device = deviceId): Payload {
  const payload = JSON.parse(
    readFileSync(path.join(GRAFANA_WEBHOOK_FIXTURES_DIR, name), 'utf8'),
  ) as Payload;
  for (const alert of payload.alerts) alert.labels.device = device;
  return payload;
}

function post(body: unknown, token = ROLE_TOKENS.ALERTS_TOKEN) {
  return request(api.url, 'POST', '/v1/alerts/grafana', { bearer: token, body });
}

async function notificationsOf(device: string) {
  const reply = await request(api.url, 'GET', `/v1/devices/${device}/notifications?limit=500`, {
    bearer: owner.token,
  });
  return reply.body.notifications as { kind: string; title: string }[];
}

describe('POST /v1/alerts/grafana', () => {
  it.each([
    ['zulip_grafana9_firing-3-alerts.json', ['alert.firing', 'alert.firing', 'alert.firing']],
    [
      'zulip_grafana9_firing-1-resolved-2-mixed.json',
      ['alert.resolved', 'alert.resolved', 'alert.firing'],
    ],
    ['zulip_grafana9_resolved-1-alert.json', ['alert.resolved']],
    ['zulip_grafana11_firing-values-imageURL.json', ['alert.firing']],
  ])(
    'turns %s into notifications on the labelled device, once even when posted twice',
    async (name, kinds) => {
      const device = (await createDevice(api.url, owner, 'alerting-rig')).device.id;
      const first = await post(fixture(name, device));
      expect(first.status).toBe(200);
      expect(first.body).toEqual({ notified: kinds.length, duplicates: 0, ignored: 0 });
      const again = await post(fixture(name, device));
      expect(again.body).toEqual({ notified: 0, duplicates: kinds.length, ignored: 0 });
      const added = await notificationsOf(device);
      expect(added.map((item) => item.kind).sort()).toEqual([...kinds].sort());
      expect(added.every((item) => item.title.includes('alerting-rig'))).toBe(true);
    },
  );

  it('notifies a later re-fire of the same alert, and ignores alerts without a known device', async () => {
    const payload = fixture('zulip_grafana9_resolved-1-alert.json');
    payload.alerts[0]!.status = 'firing';
    payload.alerts[0]!.startsAt = '2030-01-01T00:00:00Z';
    expect((await post(payload)).body.notified).toBe(1);
    payload.alerts[0]!.startsAt = '2030-01-02T00:00:00Z';
    expect((await post(payload)).body.notified).toBe(1);
    const strays = fixture(
      'zulip_grafana9_firing-3-alerts.json',
      '00000000-0000-4000-8000-000000000000',
    );
    strays.alerts[0]!.labels.device = 'not-an-id';
    delete strays.alerts[1]!.labels.device;
    expect((await post(strays)).body).toEqual({ notified: 0, duplicates: 0, ignored: 3 });
  });

  it('links only http(s) runbooks and drops any other runbook_url', async () => {
    const device = (await createDevice(api.url, owner, 'runbook-rig')).device.id;
    const runbooks = [
      'https://runbooks.example.com/gpu-hot',
      'javascript:alert(document.cookie)',
      'data:text/html,<script>alert(1)</script>',
      'file:///etc/passwd',
      'not a url at all',
    ];
    const payload = fixture('zulip_grafana9_resolved-1-alert.json', device);
    const template = payload.alerts[0]!;
    payload.alerts = runbooks.map((runbook_url, index) => ({
      ...template,
      fingerprint: `runbook-${index}`,
      annotations: { summary: `case ${index}`, runbook_url },
    }));
    expect((await post(payload)).body.notified).toBe(runbooks.length);
    const reply = await request(api.url, 'GET', `/v1/devices/${device}/notifications`, {
      bearer: owner.token,
    });
    const messages = (reply.body.notifications as { message: string }[])
      .map((item) => item.message)
      .sort();
    expect(messages).toEqual([
      'case 0 Runbook: https://runbooks.example.com/gpu-hot',
      'case 1',
      'case 2',
      'case 3',
      'case 4',
    ]);
  });

  it('needs ALERTS_TOKEN and names what is wrong with a bad body', async () => {
    expect(
      (await post(fixture('zulip_grafana9_firing-3-alerts.json'), 'wrong-token-of-some-length'))
        .status,
    ).toBe(401);
    expect(
      (await post(fixture('zulip_grafana9_firing-3-alerts.json'), ROLE_TOKENS.SERVICE_TOKEN))
        .status,
    ).toBe(401);
    const bad = await post({
      alerts: [{ status: 'exploding', labels: {}, startsAt: 'x', fingerprint: 'f' }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('alerts.0.status: must be firing or resolved');
  });
});
