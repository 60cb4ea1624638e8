import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, registerUser, request } from '../../test/http.js';
import { startTestApi, type TestApi } from '../../test/test-api.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

describe('settings', () => {
  it('updates electricity price, currency, SOL price and time zone', async () => {
    const user = await registerUser(api.url);
    const patched = await request(api.url, 'PATCH', '/v1/me/settings', {
      bearer: user.token,
      body: {
        electricityPrice: '0.2875',
        currency: 'eur',
        solPrice: 142.5,
        timezone: 'europe/berlin',
      },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.settings).toEqual({
      electricityPrice: '0.2875',
      currency: 'EUR',
      solPrice: '142.50',
      timezone: 'Europe/Berlin',
    });
    const cleared = await request(api.url, 'PATCH', '/v1/me/settings', {
      bearer: user.token,
      body: { solPrice: null },
    });
    expect(cleared.body.settings).toMatchObject({ solPrice: null, currency: 'EUR' });
  });

  it.each([
    [{ electricityPrice: '-1' }, 'electricityPrice: must be a non-negative decimal'],
    [{ electricityPrice: '0.1234567' }, 'electricityPrice: must be a non-negative decimal'],
    [{ currency: 'dollars' }, 'currency: must be a three-letter ISO 4217 code'],
    [{ timezone: 'Mars/Olympus' }, 'timezone: must be an IANA time zone'],
    [{ solPrice: true }, 'solPrice: must be a decimal string'],
    [{ colour: 'blue' }, 'has fields this endpoint does not accept'],
    [{}, 'must set at least one setting'],
  ])('refuses %j with a message naming the field', async (body, message) => {
    const user = await registerUser(api.url);
    const reply = await request(api.url, 'PATCH', '/v1/me/settings', { bearer: user.token, body });
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe('invalid_request');
    expect(reply.body.error.message).toContain(message);
    const me = await request(api.url, 'GET', '/v1/me', { bearer: user.token });
    expect(me.body.settings).toEqual({
      electricityPrice: '0.15',
      currency: 'USD',
      solPrice: null,
      timezone: 'UTC',
    });
  });
});

describe('password change', () => {
  it('needs the current password (403 invalid_password) and ends every other session', async () => {
    const user = await registerUser(api.url);
    const other = await request(api.url, 'POST', '/v1/auth/login', {
      body: { email: user.email, password: PASSWORD },
    });
    const wrong = await request(api.url, 'POST', '/v1/me/password', {
      bearer: user.token,
      body: { currentPassword: 'not my password', newPassword: 'a brand new password' },
    });
    expect(wrong.status).toBe(403);
    expect(wrong.body.error.code).toBe('invalid_password');
    expect((await request(api.url, 'GET', '/v1/me', { bearer: user.token })).status).toBe(200);

    const changed = await request(api.url, 'POST', '/v1/me/password', {
      bearer: user.token,
      body: { currentPassword: PASSWORD, newPassword: 'a brand new password' },
    });
    expect(changed.status).toBe(204);
    expect((await request(api.url, 'GET', '/v1/me', { bearer: user.token })).status).toBe(200);
    expect((await request(api.url, 'GET', '/v1/me', { bearer: other.body.token })).status).toBe(
      401,
    );
    const oldLogin = await request(api.url, 'POST', '/v1/auth/login', {
      body: { email: user.email, password: PASSWORD },
    });
    expect(oldLogin.status).toBe(401);
    const newLogin = await request(api.url, 'POST', '/v1/auth/login', {
      body: { email: user.email, password: 'a brand new password' },
    });
    expect(newLogin.status).toBe(200);
  });
});

describe('password guessing from a signed-in session', () => {
  it('is rate limited like failed logins', async () => {
    const user = await registerUser(api.url);
    const guess = () =>
      request(api.url, 'POST', '/v1/me/password', {
        bearer: user.token,
        body: { currentPassword: 'a wrong guess', newPassword: 'a brand new password' },
        headers: { 'x-forwarded-for': '203.0.113.66' },
      });
    for (let attempt = 0; attempt < 5; attempt += 1) expect((await guess()).status).toBe(403);
    const limited = await guess();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('sessions', () => {
  it('lists sessions newest first with the current one marked, pages them, and revokes one', async () => {
    const user = await registerUser(api.url);
    for (let index = 0; index < 3; index += 1) {
      await request(api.url, 'POST', '/v1/auth/login', {
        body: { email: user.email, password: PASSWORD },
        headers: { 'user-agent': `browser-${index}` },
      });
    }
    const first = await request(api.url, 'GET', '/v1/me/sessions?limit=3', { bearer: user.token });
    expect(first.status).toBe(200);
    expect(first.body.sessions).toHaveLength(3);
    expect(first.body.sessions[0].userAgent).toBe('browser-2');
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await request(
      api.url,
      'GET',
      `/v1/me/sessions?limit=3&cursor=${first.body.nextCursor}`,
      {
        bearer: user.token,
      },
    );
    expect(second.body.sessions).toHaveLength(1);
    expect(second.body.sessions[0].current).toBe(true);
    expect(second.body.nextCursor).toBeNull();
    const all = [...first.body.sessions, ...second.body.sessions];
    expect(new Set(all.map((session: { id: string }) => session.id)).size).toBe(4);
    expect(all[0]).toMatchObject({
      ip: expect.any(String),
      createdAt: expect.any(String),
      lastUsedAt: expect.any(String),
    });

    const victim = first.body.sessions[0].id;
    expect(
      (await request(api.url, 'DELETE', `/v1/me/sessions/${victim}`, { bearer: user.token }))
        .status,
    ).toBe(204);
    const after = await request(api.url, 'GET', '/v1/me/sessions', { bearer: user.token });
    expect(after.body.sessions.map((session: { id: string }) => session.id)).not.toContain(victim);
  });

  it("cannot see or revoke another account's session", async () => {
    const alice = await registerUser(api.url);
    const bob = await registerUser(api.url);
    const bobs = await request(api.url, 'GET', '/v1/me/sessions', { bearer: bob.token });
    const bobSession = bobs.body.sessions[0].id;
    const aliceSessions = await request(api.url, 'GET', '/v1/me/sessions', { bearer: alice.token });
    expect(aliceSessions.body.sessions.map((session: { id: string }) => session.id)).not.toContain(
      bobSession,
    );
    const revoke = await request(api.url, 'DELETE', `/v1/me/sessions/${bobSession}`, {
      bearer: alice.token,
    });
    expect(revoke.status).toBe(404);
    expect((await request(api.url, 'GET', '/v1/me', { bearer: bob.token })).status).toBe(200);
  });

  it('refuses a cursor it did not make', async () => {
    const user = await registerUser(api.url);
    const reply = await request(api.url, 'GET', '/v1/me/sessions?cursor=not-a-cursor', {
      bearer: user.token,
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toBe('cursor: is not a cursor from this API');
  });
});
