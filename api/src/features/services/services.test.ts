import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolledDevice, registerUser, request, type TestUser } from '../../test/http.js';
import { startTestApi, type TestApi } from '../../test/test-api.js';

let api: TestApi;
let user: TestUser;

beforeAll(async () => {
  api = await startTestApi();
  user = await registerUser(api.url);
});

afterAll(async () => {
  await api?.close();
});

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

describe('GET /v1/devices/:id/services', () => {
  it('answers each service as intervals: equal samples collapsed, long silences unknown', async () => {
    const device = await enrolledDevice(api.url, user, 'services');
    const other = await enrolledDevice(api.url, user, 'other');
    const nowS = Math.floor(Date.now() / 1000);
    const t0 = nowS - 3600;
    const ray = (atS: number, up: number) => `service,name=systemd:ray-worker up=${up}i ${atS}`;
    const lines = [
      `host interval_s=10 ${nowS - 5}`,
      ray(t0, 1),
      ray(t0 + 30, 1),
      ray(t0 + 60, 0),
      ray(t0 + 90, 0),
      // Silent for most of an hour: unknown from one interval after the last sample.
      ray(nowS - 60, 1),
      ray(nowS - 30, 1),
      `service,name=docker up=1i ${nowS - 10}`,
    ];
    for (const [credential, body] of [
      [device.credential, lines.join('\n')],
      [other.credential, `service,name=elsewhere up=0i ${nowS - 10}`],
    ]) {
      const written = await request(api.url, 'POST', '/api/v2/write?precision=s', {
        deviceToken: credential,
        rawBody: body,
        headers: { 'content-type': 'text/plain' },
      });
      expect(written.status, JSON.stringify(written.body)).toBe(204);
    }

    const reply = await request(api.url, 'GET', `/v1/devices/${device.id}/services?hours=24`, {
      bearer: user.token,
    });
    expect(reply.status).toBe(200);
    const { from, to, services } = reply.body;
    expect(Date.parse(to) - Date.parse(from)).toBe(24 * 3_600_000);
    expect(services.map((service: { name: string }) => service.name)).toEqual([
      'docker',
      'systemd:ray-worker',
    ]);
    expect(services[1].intervals).toEqual([
      { from, to: iso(t0), up: null },
      { from: iso(t0), to: iso(t0 + 60), up: true },
      { from: iso(t0 + 60), to: iso(t0 + 120), up: false },
      { from: iso(t0 + 120), to: iso(nowS - 60), up: null },
      { from: iso(nowS - 60), to, up: true },
    ]);
  });

  it("refuses hours out of range, and is 404 for another account's device", async () => {
    const device = await enrolledDevice(api.url, user, 'mine');
    const wrong = await request(api.url, 'GET', `/v1/devices/${device.id}/services?hours=0`, {
      bearer: user.token,
    });
    expect(wrong.status).toBe(400);
    const stranger = await registerUser(api.url);
    for (const id of [device.id, randomUUID()]) {
      const reply = await request(api.url, 'GET', `/v1/devices/${id}/services`, {
        bearer: stranger.token,
      });
      expect(reply.status).toBe(404);
    }
  });
});
