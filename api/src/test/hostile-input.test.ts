import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevice, registerUser, request, type TestUser } from './http.js';
import { startTestApi, type TestApi } from './test-api.js';

let api: TestApi;
let user: TestUser;
let deviceId: string;

beforeAll(async () => {
  api = await startTestApi();
  user = await registerUser(api.url);
  deviceId = (await createDevice(api.url, user, 'keep-me')).device.id;
});
afterAll(() => api.close());

async function snapshot() {
  const [me, devices, sessions] = await Promise.all([
    request(api.url, 'GET', '/v1/me', { bearer: user.token }),
    request(api.url, 'GET', '/v1/devices', { bearer: user.token }),
    api.db
      .selectFrom('sessions')
      .select(['id', 'expires_at'])
      .where('account_id', '=', user.id)
      .execute(),
  ]);
  return { me: me.body, devices: devices.body, sessions: sessions.length };
}

const MEGABYTE_STRING = 'x'.repeat(1_000_000);
const SQL = `'; DROP TABLE devices; --`;

type Case = {
  method: string;
  path: () => string;
  auth: boolean;
  field: string;
  valid: Record<string, unknown>;
  whenEmpty?: string;
};

/** Every route that takes a body, with one valid body to mutate. */
const bodyRoutes: Case[] = [
  {
    method: 'POST',
    path: () => '/v1/auth/register',
    auth: false,
    field: 'email',
    valid: { email: 'x@example.com', password: 'long enough password' },
  },
  {
    method: 'POST',
    path: () => '/v1/auth/login',
    auth: false,
    field: 'email',
    valid: { email: 'x@example.com', password: 'whatever' },
  },
  {
    method: 'PATCH',
    path: () => '/v1/me/settings',
    auth: true,
    field: 'currency',
    valid: { currency: 'EUR' },
    whenEmpty: 'body: must set at least one setting',
  },
  {
    method: 'POST',
    path: () => '/v1/me/password',
    auth: true,
    field: 'newPassword',
    valid: { currentPassword: 'x', newPassword: 'long enough password' },
  },
  {
    method: 'POST',
    path: () => '/v1/devices',
    auth: true,
    field: 'name',
    valid: { name: 'rig', os: 'ubuntu' },
  },
  {
    method: 'PATCH',
    path: () => `/v1/devices/${deviceId}`,
    auth: true,
    field: 'name',
    valid: { name: 'rig' },
  },
  {
    method: 'POST',
    path: () => '/v1/enroll',
    auth: false,
    field: 'hostname',
    valid: { token: 'iowe_x', hostname: 'h', os: 'Ubuntu', gpus: [] },
  },
];

function expectClear4xx(
  reply: { status: number; body: { error?: { code: string; message: string } } },
  status: number,
) {
  expect(reply.status).toBe(status);
  expect(reply.body.error?.code).toMatch(/^[a-z_]+$/);
  expect(reply.body.error?.message.length).toBeGreaterThan(5);
}

describe.each(bodyRoutes)('$method $path', (route) => {
  const send = (options: Parameters<typeof request>[3]) =>
    request(api.url, route.method, route.path(), {
      ...(route.auth ? { bearer: user.token } : {}),
      ...options,
    });

  it('answers 4xx naming the problem for every kind of bad body, and stores nothing', async () => {
    const before = await snapshot();
    const invalidJson = await send({ rawBody: '{"name": "unterminated' });
    expectClear4xx(invalidJson, 400);
    expect(invalidJson.body.error).toEqual({
      code: 'invalid_json',
      message: 'Request body is not valid JSON.',
    });

    const notObject = await send({ body: [1, 2, 3] });
    expectClear4xx(notObject, 400);
    expect(notObject.body.error.message).toBe('body: must be a JSON object');

    const missing = await send({ body: {} });
    expectClear4xx(missing, 400);
    expect(missing.body.error.message).toMatch(route.whenEmpty ?? /: is required/);

    const wrongType = await send({ body: { ...route.valid, [route.field]: 12345 } });
    expectClear4xx(wrongType, 400);
    expect(wrongType.body.error.message).toContain(`${route.field}: must be`);

    const huge = await send({ body: { ...route.valid, [route.field]: MEGABYTE_STRING } });
    expectClear4xx(huge, 400);
    expect(huge.body.error.message).toContain(`${route.field}: `);

    const tooLarge = await send({
      body: { ...route.valid, [route.field]: MEGABYTE_STRING + MEGABYTE_STRING },
    });
    expectClear4xx(tooLarge, 413);

    const wrongMediaType = await send({
      rawBody: 'name=rig',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expectClear4xx(wrongMediaType, 415);

    expect(await snapshot()).toEqual(before);
  });
});

describe('names: unicode is kept, control characters and SQL are harmless', () => {
  it('stores unicode and SQL-looking names verbatim and refuses control characters', async () => {
    for (const name of [
      'Риг №1 — 東京 🚀',
      SQL,
      "Robert'); DELETE FROM accounts;--",
      '<script>alert(1)</script>',
    ]) {
      const reply = await request(api.url, 'PATCH', `/v1/devices/${deviceId}`, {
        bearer: user.token,
        body: { name },
      });
      expect(reply.status).toBe(200);
      expect(reply.body.name).toBe(name);
    }
    for (const name of [
      'tab\there',
      'nul\u0000byte',
      'bell\u0007',
      'lone \ud800 surrogate',
      '   ',
    ]) {
      const reply = await request(api.url, 'PATCH', `/v1/devices/${deviceId}`, {
        bearer: user.token,
        body: { name },
      });
      expectClear4xx(reply, 400);
      expect(reply.body.error.message).toMatch(/^name: must not/);
    }
    const devices = await request(api.url, 'GET', '/v1/devices', { bearer: user.token });
    expect(devices.body.devices).toHaveLength(1);
    expect(devices.body.devices[0].name).toBe('<script>alert(1)</script>');
  });

  it('treats SQL in an email or a login as data', async () => {
    const reply = await request(api.url, 'POST', '/v1/auth/login', {
      body: { email: `a@example.com' OR '1'='1`, password: `' OR '1'='1` },
    });
    expectClear4xx(reply, 400);
    const login = await request(api.url, 'POST', '/v1/auth/login', {
      body: { email: user.email, password: `' OR '1'='1` },
      headers: { 'x-forwarded-for': '10.200.0.1' },
    });
    expectClear4xx(login, 401);
  });

  it('refuses hostile GPU lists at enrollment', async () => {
    const token = (await createDevice(api.url, user, 'enroll-target')).enrollment.token;
    const cases: [unknown, RegExp][] = [
      [[{ index: -1, model: 'x', memoryTotalMiB: 1 }], /^gpus\.0\.index: must be at least 0/],
      [[{ index: 0, model: 'x\u0000', memoryTotalMiB: 1 }], /^gpus\.0\.model: must not/],
      [[{ index: 0, model: 'x', uuid: '\ud800', memoryTotalMiB: 1 }], /^gpus\.0\.uuid: must not/],
      [[{ index: 0.5, model: 'x', memoryTotalMiB: 1 }], /^gpus\.0\.index: must be a whole number/],
      [
        Array.from({ length: 65 }, (_, index) => ({ index, model: 'x', memoryTotalMiB: 1 })),
        /^gpus: must list at most 64/,
      ],
      ['all of them', /^gpus: must be an array/],
    ];
    for (const [gpus, message] of cases) {
      const reply = await request(api.url, 'POST', '/v1/enroll', {
        body: { token, hostname: 'h', os: 'Ubuntu', gpus },
      });
      expectClear4xx(reply, 400);
      expect(reply.body.error.message).toMatch(message);
    }
    const spent = await api.db
      .selectFrom('enrollment_tokens')
      .select('used_at')
      .where('used_at', 'is not', null)
      .execute();
    expect(spent).toHaveLength(0);
  });
});

describe('paths and queries', () => {
  it.each([
    ['GET', '/v1/devices/not-an-id', 'id: must be an id returned by this API'],
    ['PATCH', "/v1/devices/1' OR '1'='1", 'id: must be an id returned by this API'],
    ['DELETE', '/v1/me/sessions/%00', 'id: must be an id returned by this API'],
    ['GET', '/v1/me/sessions?limit=abc', 'limit: must be a number'],
    ['GET', '/v1/me/sessions?limit=0', 'limit: must be at least 1'],
    ['GET', '/v1/me/sessions?limit=501', 'limit: must be at most 500'],
    ['GET', '/v1/me/sessions?limit=2.5', 'limit: must be a whole number'],
  ])('%s %s → 400 "%s"', async (method, path, message) => {
    const reply = await request(api.url, method, path, {
      bearer: user.token,
      body: method === 'PATCH' ? { name: 'x' } : undefined,
    });
    expectClear4xx(reply, 400);
    expect(reply.body.error.message).toBe(message);
  });

  it('answers an unknown route with the contract error shape', async () => {
    const reply = await request(api.url, 'GET', '/v1/nope', { bearer: user.token });
    expect(reply.status).toBe(404);
    expect(reply.body.error.code).toBe('not_found');
  });

  it('refuses malformed Authorization headers with 401, never 500', async () => {
    for (const authorization of [
      'Bearer',
      'Bearer    ',
      'Basic dXNlcjpwYXNz',
      'Token',
      `Bearer ${'a'.repeat(8000)}`,
      'Bearer \u00ff',
    ]) {
      const response = await fetch(`${api.url}/v1/me`, { headers: { authorization } }).catch(
        () => undefined,
      );
      if (response) expect(response.status).toBe(401);
    }
  });
});
