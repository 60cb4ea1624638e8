import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../config.js';
import { createLogger } from '../lib/logger.js';
import { createDevice, enroll, registerUser, request, type TestUser } from './http.js';
import { inProcessApp } from './in-process-app.js';
import { ROLE_TOKENS, startTestApi, type TestApi } from './test-api.js';

let api: TestApi;
let alice: TestUser;
let aliceDeviceId: string;
let deviceCredential: string;

beforeAll(async () => {
  api = await startTestApi();
  alice = await registerUser(api.url);
  const created = await createDevice(api.url, alice, 'alice-rig');
  aliceDeviceId = created.device.id;
  deviceCredential = (await enroll(api.url, created.enrollment.token)).body.credential;
});
afterAll(() => api.close());

type Credential = { kind: string; headers: Record<string, string> };

function credentials(): Credential[] {
  return [
    { kind: 'session (Bearer)', headers: { authorization: `Bearer ${alice.token}` } },
    {
      kind: 'session (cookie)',
      headers: { cookie: `iow_session=${alice.token}`, origin: 'http://localhost:3000' },
    },
    { kind: 'device', headers: { authorization: `Token ${deviceCredential}` } },
    { kind: 'service', headers: { authorization: `Bearer ${ROLE_TOKENS.SERVICE_TOKEN}` } },
    { kind: 'alerts', headers: { authorization: `Bearer ${ROLE_TOKENS.ALERTS_TOKEN}` } },
    { kind: 'admin', headers: { authorization: `Bearer ${ROLE_TOKENS.ADMIN_TOKEN}` } },
  ];
}

/** One route per kind of credential; the role routes' handlers arrive with their features. */
const routesByKind: Record<string, { method: string; path: string; accepts: string[] }> = {
  user: { method: 'GET', path: '/v1/me', accepts: ['session (Bearer)', 'session (cookie)'] },
  userWrite: {
    method: 'POST',
    path: '/v1/devices',
    accepts: ['session (Bearer)', 'session (cookie)'],
  },
  device: { method: 'POST', path: '/api/v2/write', accepts: ['device'] },
  service: { method: 'POST', path: '/v1/jobs', accepts: ['service'] },
  alerts: { method: 'POST', path: '/v1/alerts/grafana', accepts: ['alerts'] },
  admin: { method: 'POST', path: '/v1/admin/payouts/run', accepts: ['admin'] },
};

async function call(
  baseUrl: string,
  route: { method: string; path: string },
  headers: Record<string, string>,
) {
  const body = route.path.startsWith('/api/')
    ? ''
    : JSON.stringify({ name: 'probe', os: 'ubuntu' });
  const contentType = route.path.startsWith('/api/') ? 'text/plain' : 'application/json';
  const response = await fetch(`${baseUrl}${route.path}`, {
    method: route.method,
    headers: { ...headers, 'content-type': contentType },
    body: route.method === 'GET' ? undefined : body,
  });
  return response.status;
}

describe('each kind of credential opens only its own routes', () => {
  for (const [name, route] of Object.entries(routesByKind)) {
    it(`${name}: ${route.method} ${route.path}`, async () => {
      for (const credential of credentials()) {
        const status = await call(api.url, route, credential.headers);
        if (route.accepts.includes(credential.kind)) {
          expect([401, 403], `${credential.kind} should pass`).not.toContain(status);
        } else {
          expect(status, `${credential.kind} must be refused`).toBe(401);
        }
      }
      expect(await call(api.url, route, {})).toBe(401);
    });
  }

  it('a wrong role token, and a role token under another scheme, are refused', async () => {
    for (const route of [routesByKind.service, routesByKind.alerts, routesByKind.admin]) {
      expect(
        await call(api.url, route!, { authorization: 'Bearer wrong-token-of-the-same-length!!' }),
      ).toBe(401);
      expect(
        await call(api.url, route!, { authorization: `Token ${ROLE_TOKENS.ADMIN_TOKEN}` }),
      ).toBe(401);
    }
  });
});

describe('an unset role token opens nothing', () => {
  it('answers 401 whatever is sent', async () => {
    const closed = await startTestApi({ SERVICE_TOKEN: '', ALERTS_TOKEN: '', ADMIN_TOKEN: '' });
    try {
      for (const route of [routesByKind.service, routesByKind.alerts, routesByKind.admin]) {
        for (const authorization of [
          'Bearer ',
          'Bearer undefined',
          'Bearer null',
          `Bearer ${ROLE_TOKENS.ADMIN_TOKEN}`,
          '',
        ]) {
          expect(await call(closed.url, route!, authorization ? { authorization } : {})).toBe(401);
        }
      }
    } finally {
      await closed.close();
    }
  });
});

describe("IDOR: another account's device is a 404 for every verb", () => {
  it('hides, and leaves untouched, the device of another account', async () => {
    const mallory = await registerUser(api.url);
    const before = await request(api.url, 'GET', `/v1/devices/${aliceDeviceId}`, {
      bearer: alice.token,
    });
    const attempts: [string, string, unknown?][] = [
      ['GET', `/v1/devices/${aliceDeviceId}`],
      ['PATCH', `/v1/devices/${aliceDeviceId}`, { name: 'pwned' }],
      ['DELETE', `/v1/devices/${aliceDeviceId}`],
      ['POST', `/v1/devices/${aliceDeviceId}/enrollment`],
    ];
    for (const [method, path, body] of attempts) {
      for (const auth of [{ bearer: mallory.token }, { cookie: mallory.token }]) {
        const reply = await request(api.url, method, path, { ...auth, body });
        expect(reply.status, `${method} ${path}`).toBe(404);
        expect(reply.body.error).toEqual({ code: 'not_found', message: 'Device not found.' });
      }
    }
    const list = await request(api.url, 'GET', '/v1/devices', { bearer: mallory.token });
    expect(list.body.devices).toEqual([]);
    const after = await request(api.url, 'GET', `/v1/devices/${aliceDeviceId}`, {
      bearer: alice.token,
    });
    expect(after.body).toEqual(before.body);
    const unknown = await request(
      api.url,
      'GET',
      '/v1/devices/00000000-0000-4000-8000-000000000000',
      {
        bearer: alice.token,
      },
    );
    expect(unknown.body).toEqual({ error: { code: 'not_found', message: 'Device not found.' } });
    expect(
      await call(api.url, routesByKind.device!, { authorization: `Token ${deviceCredential}` }),
    ).not.toBe(401);
  });
});

describe('secrets never reach the logs', () => {
  it('logs requests without tokens, passwords or credentials', async () => {
    const lines: string[] = [];
    const logger = createLogger('info', { write: (line: string) => lines.push(line) });
    const app = inProcessApp({
      config: parseConfig({ ...ROLE_TOKENS, ALLOWED_ORIGINS: 'http://localhost:3000' }),
      db: api.db,
      logger,
    });
    const password = 'my very secret password';
    const email = `logs-${Date.now()}@example.com`;
    const registered = await app.request('/v1/auth/register', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    const { token } = (await registered.json()) as { token: string };
    await app.request('/v1/me?token=leak', { headers: { authorization: `Bearer ${token}` } });
    await app.request('/v1/admin/payouts/run', {
      method: 'POST',
      headers: { authorization: `Bearer ${ROLE_TOKENS.ADMIN_TOKEN}` },
    });
    await app.request('/api/v2/write', {
      method: 'POST',
      headers: { authorization: `Token ${deviceCredential}` },
    });
    const log = lines.join('\n');
    expect(lines.length).toBeGreaterThanOrEqual(4);
    for (const secret of [password, token, ROLE_TOKENS.ADMIN_TOKEN, deviceCredential, 'leak']) {
      expect(log).not.toContain(secret);
    }
    expect(JSON.parse(lines[0]!)).toMatchObject({
      method: 'POST',
      path: '/v1/auth/register',
      status: 201,
    });
  });
});
