import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevice, registerUser, request, type TestUser } from './http.js';
import { ROLE_TOKENS, startTestApi, type TestApi } from './test-api.js';

let api: TestApi;
let user: TestUser;
let deviceId: string;

beforeAll(async () => {
  api = await startTestApi();
  user = await registerUser(api.url);
  deviceId = (await createDevice(api.url, user, 'queried')).device.id;
});
afterAll(() => api.close());

const cursorOf = (at: unknown, id: unknown) =>
  Buffer.from(JSON.stringify([at, id])).toString('base64url');

const ID = '0b9c2d6e-5f4a-4c3b-9a8d-7e6f5a4b3c2d';
const AT = '2026-01-31 12:00:00.123456+00';

/** Every paged list: each takes `?cursor=` and checks it before it reaches SQL. */
const pagedRoutes = [
  () => '/v1/jobs',
  () => `/v1/devices/${deviceId}/jobs`,
  () => '/v1/me/sessions',
  () => '/v1/earnings/history',
  () => '/v1/notifications',
  () => `/v1/devices/${deviceId}/notifications`,
  () => '/v1/payouts',
];

const forgedCursors: [string, string][] = [
  ['an id that is not a UUID', cursorOf(AT, 'not-a-uuid')],
  ['an id with SQL in it', cursorOf(AT, `${ID}'::uuid) OR (1=1`)],
  ['a time that is not a time', cursorOf('yesterday', ID)],
  ['a time JavaScript reads but Postgres does not', cursorOf('1', ID)],
  ['February 31st', cursorOf('2026-02-31 12:00:00+00', ID)],
  ['hour 24', cursorOf('2026-01-31 24:00:00+00', ID)],
  ['an offset Postgres refuses', cursorOf('2026-01-31 12:00:00+16', ID)],
  ['year 0000', cursorOf('0000-01-01 00:00:00+00', ID)],
  ['year 9999', cursorOf('9999-12-31 23:59:59+00', ID)],
  ['more than microseconds', cursorOf('2026-01-31 12:00:00.1234567+00', ID)],
];

describe.each(pagedRoutes)('GET %s', (path) => {
  it.each(forgedCursors)('answers 400 for a cursor with %s', async (_, cursor) => {
    const reply = await request(api.url, 'GET', `${path()}?cursor=${cursor}`, {
      bearer: user.token,
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error).toEqual({
      code: 'invalid_request',
      message: 'cursor: is not a cursor from this API',
    });
  });

  it('takes a well-formed cursor, in UTC or another offset', async () => {
    for (const at of [AT, '2026-01-31 13:00:00+01', '2026-01-31 17:30:00.5+05:30']) {
      const reply = await request(api.url, 'GET', `${path()}?cursor=${cursorOf(at, ID)}`, {
        bearer: user.token,
      });
      expect(reply.status).toBe(200);
    }
  });
});

describe('times out of range', () => {
  const years = ['0000-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '1999-12-31T23:59:59Z'];
  const message = /: must be a time from 2000-01-01 to 2100-01-01$/;

  it.each(years)('refuses %s in from and to of the earnings history and its CSV', async (time) => {
    for (const path of ['/v1/earnings/history', '/v1/earnings/history.csv']) {
      for (const field of ['from', 'to']) {
        const reply = await request(api.url, 'GET', `${path}?${field}=${time}`, {
          bearer: user.token,
        });
        expect(reply.status).toBe(400);
        expect(reply.body.error.message).toMatch(new RegExp(`^${field}${message.source}`));
      }
    }
  });

  it.each(years)('refuses %s in from and to of device metrics', async (time) => {
    for (const field of ['from', 'to']) {
      const reply = await request(
        api.url,
        'GET',
        `/v1/devices/${deviceId}/metrics?${field}=${time}`,
        { bearer: user.token },
      );
      expect(reply.status).toBe(400);
      expect(reply.body.error.message).toMatch(new RegExp(`^${field}${message.source}`));
    }
  });

  it.each(years)('refuses %s as startedAt and endedAt of a job report', async (time) => {
    const report = {
      externalId: `job-${time}`,
      deviceId,
      status: 'completed',
      startedAt: '2026-11-01T10:00:00Z',
      endedAt: '2026-11-01T11:00:00Z',
    };
    for (const field of ['startedAt', 'endedAt']) {
      const reply = await request(api.url, 'POST', '/v1/jobs', {
        bearer: ROLE_TOKENS.SERVICE_TOKEN,
        body: { ...report, [field]: time },
      });
      expect(reply.status).toBe(400);
      expect(reply.body.error.message).toMatch(new RegExp(`^${field}${message.source}`));
    }
  });

  it('still takes the edges of the range', async () => {
    const reply = await request(
      api.url,
      'GET',
      '/v1/earnings/history?from=2000-01-01T00:00:00Z&to=2099-12-31T23:59:59.999Z',
      { bearer: user.token },
    );
    expect(reply.status).toBe(200);
  });
});

describe('metrics step', () => {
  it.each(['999999d', '401d', '9601h'])(
    'refuses step=%s with a 400 naming the bound',
    async (step) => {
      const reply = await request(api.url, 'GET', `/v1/devices/${deviceId}/metrics?step=${step}`, {
        bearer: user.token,
      });
      expect(reply.status).toBe(400);
      expect(reply.body.error.message).toBe(
        'step: must be a duration from 1s to 400d, like 10s, 1m, 1h or 1d',
      );
    },
  );

  it('answers the longest step InfluxDB is asked for', async () => {
    const reply = await request(api.url, 'GET', `/v1/devices/${deviceId}/metrics?step=400d`, {
      bearer: user.token,
    });
    expect(reply.status).toBe(200);
    expect(reply.body.step).toBe(`${400 * 86400}s`);
  });
});
