import { generateKeyPair, getAddressFromPublicKey } from '@solana/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, registerUser, request, uniqueEmail } from '../../test/http.js';
import { startTestApi, TEST_ORIGIN, type TestApi } from '../../test/test-api.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

function sessionCookieOf(setCookie: string | null): string {
  const match = /iow_session=([^;]*)/.exec(setCookie ?? '');
  if (!match?.[1]) throw new Error(`no session cookie in ${setCookie}`);
  return match[1];
}

describe('register, login, logout', () => {
  it('registers, sets an HttpOnly SameSite=Lax cookie and signs in with it and with Bearer', async () => {
    const email = uniqueEmail();
    const registered = await request(api.url, 'POST', '/v1/auth/register', {
      body: { email: `  ${email.toUpperCase()} `, password: PASSWORD },
    });
    expect(registered.status).toBe(201);
    expect(registered.body.user).toMatchObject({ email, id: expect.any(String) });
    expect(Date.parse(registered.body.user.createdAt)).not.toBeNaN();
    const setCookie = registered.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).not.toMatch(/Secure/i);
    const cookie = sessionCookieOf(setCookie);
    expect(cookie).toBe(registered.body.token);

    const viaCookie = await request(api.url, 'GET', '/v1/me', { cookie });
    expect(viaCookie.status).toBe(200);
    expect(viaCookie.body).toMatchObject({
      email,
      settings: { electricityPrice: '0.15', currency: 'USD', solPrice: null, timezone: 'UTC' },
    });
    const viaBearer = await request(api.url, 'GET', '/v1/me', { bearer: registered.body.token });
    expect(viaBearer.body.id).toBe(viaCookie.body.id);
  });

  it('stores only a hash of the session token and an argon2id hash of the password', async () => {
    const user = await registerUser(api.url);
    const sessions = await api.db.selectFrom('sessions').select('token_hash').execute();
    expect(sessions.map((row) => row.token_hash)).not.toContain(user.token);
    expect(sessions.some((row) => /^[0-9a-f]{64}$/.test(row.token_hash))).toBe(true);
    const account = await api.db
      .selectFrom('accounts')
      .select('password_hash')
      .where('email', '=', user.email)
      .executeTakeFirstOrThrow();
    expect(account.password_hash).toMatch(/^\$argon2id\$/);
    expect(account.password_hash).not.toContain(PASSWORD);
  });

  it('refuses a taken email with 409 and a short password with 400 naming the field', async () => {
    const user = await registerUser(api.url);
    const taken = await request(api.url, 'POST', '/v1/auth/register', {
      body: { email: user.email, password: PASSWORD },
    });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('email_taken');
    const short = await request(api.url, 'POST', '/v1/auth/register', {
      body: { email: uniqueEmail(), password: 'short' },
    });
    expect(short.status).toBe(400);
    expect(short.body.error.message).toBe('password: must be at least 10 characters');
  });

  it('logs in, and answers the same 401 for an unknown email and a wrong password', async () => {
    const user = await registerUser(api.url);
    const login = await request(api.url, 'POST', '/v1/auth/login', {
      body: { email: user.email, password: PASSWORD },
    });
    expect(login.status).toBe(200);
    expect(login.body.user.email).toBe(user.email);
    const wrongPassword = await request(api.url, 'POST', '/v1/auth/login', {
      body: { email: user.email, password: 'wrong password!' },
      headers: { 'x-forwarded-for': '10.9.0.1' },
    });
    const unknownEmail = await request(api.url, 'POST', '/v1/auth/login', {
      body: { email: uniqueEmail('nobody'), password: 'wrong password!' },
      headers: { 'x-forwarded-for': '10.9.0.1' },
    });
    expect(wrongPassword.status).toBe(401);
    expect(unknownEmail.status).toBe(401);
    expect(wrongPassword.body).toEqual(unknownEmail.body);
  });

  it('logout ends the session everywhere', async () => {
    const user = await registerUser(api.url);
    const logout = await request(api.url, 'POST', '/v1/auth/logout', { cookie: user.token });
    expect(logout.status).toBe(204);
    expect(logout.headers.get('set-cookie')).toMatch(/iow_session=;/);
    expect((await request(api.url, 'GET', '/v1/me', { cookie: user.token })).status).toBe(401);
    expect((await request(api.url, 'GET', '/v1/me', { bearer: user.token })).status).toBe(401);
  });

  it('refuses an expired session and slides the expiry of one in its second half', async () => {
    const expired = await registerUser(api.url);
    await api.db
      .updateTable('sessions')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('account_id', '=', expired.id)
      .execute();
    const refused = await request(api.url, 'GET', '/v1/me', { bearer: expired.token });
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('unauthorized');

    const aging = await registerUser(api.url);
    const tenDays = new Date(Date.now() + 10 * 24 * 3600 * 1000);
    await api.db
      .updateTable('sessions')
      .set({ expires_at: tenDays })
      .where('account_id', '=', aging.id)
      .execute();
    const renewed = await request(api.url, 'GET', '/v1/me', { cookie: aging.token });
    expect(renewed.status).toBe(200);
    expect(renewed.headers.get('set-cookie')).toMatch(/iow_session=/);
    const row = await api.db
      .selectFrom('sessions')
      .select('expires_at')
      .where('account_id', '=', aging.id)
      .executeTakeFirstOrThrow();
    expect(row.expires_at.getTime()).toBeGreaterThan(Date.now() + 29 * 24 * 3600 * 1000);
  });
});

describe('login rate limiting', () => {
  it('answers 429 with Retry-After after 5 failures for one email from one IP; other IPs still sign in', async () => {
    const user = await registerUser(api.url);
    const attacker = { 'x-forwarded-for': '203.0.113.7' };
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const reply = await request(api.url, 'POST', '/v1/auth/login', {
        body: { email: user.email, password: 'not the password' },
        headers: attacker,
      });
      expect(reply.status).toBe(401);
    }
    const limited = await request(api.url, 'POST', '/v1/auth/login', {
      body: { email: user.email, password: PASSWORD },
      headers: attacker,
    });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(800);
    expect(retryAfter).toBeLessThanOrEqual(900);

    const owner = await request(api.url, 'POST', '/v1/auth/login', {
      body: { email: user.email, password: PASSWORD },
      headers: { 'x-forwarded-for': '198.51.100.20' },
    });
    expect(owner.status).toBe(200);
  });

  it('limits one IP to 20 failures across emails', async () => {
    const sprayer = { 'x-forwarded-for': '203.0.113.99' };
    for (let attempt = 0; attempt < 20; attempt += 1) {
      const reply = await request(api.url, 'POST', '/v1/auth/login', {
        body: { email: uniqueEmail('spray'), password: 'guess guess' },
        headers: sprayer,
      });
      expect(reply.status).toBe(401);
    }
    const user = await registerUser(api.url);
    const limited = await request(api.url, 'POST', '/v1/auth/login', {
      body: { email: user.email, password: PASSWORD },
      headers: sprayer,
    });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('ignores X-Forwarded-For unless TRUST_PROXY is set', async () => {
    const direct = await startTestApi({ TRUST_PROXY: 'false' });
    try {
      const user = await registerUser(direct.url);
      for (let attempt = 0; attempt < 5; attempt += 1) {
        await request(direct.url, 'POST', '/v1/auth/login', {
          body: { email: user.email, password: 'not the password' },
          headers: { 'x-forwarded-for': `192.0.2.${attempt}` },
        });
      }
      const limited = await request(direct.url, 'POST', '/v1/auth/login', {
        body: { email: user.email, password: PASSWORD },
        headers: { 'x-forwarded-for': '192.0.2.200' },
      });
      expect(limited.status).toBe(429);
    } finally {
      await direct.close();
    }
  });

  it('limits registrations per IP', async () => {
    const ip = { 'x-forwarded-for': '203.0.113.50' };
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 11; attempt += 1) {
      const reply = await request(api.url, 'POST', '/v1/auth/register', {
        body: { email: uniqueEmail('bulk'), password: PASSWORD },
        headers: ip,
      });
      statuses.push(reply.status);
    }
    expect(statuses.slice(0, 10).every((status) => status === 201)).toBe(true);
    expect(statuses[10]).toBe(429);
  });
});

describe('rate limits under parallel attack', () => {
  const statusesOf = async (replies: Promise<{ status: number }>[]) =>
    (await Promise.all(replies)).map((reply) => reply.status);
  const count = (statuses: number[], status: number) =>
    statuses.filter((candidate) => candidate === status).length;

  it('50 parallel wrong logins for one email and IP: 5 are tried, the rest are 429', async () => {
    const user = await registerUser(api.url);
    const statuses = await statusesOf(
      Array.from({ length: 50 }, () =>
        request(api.url, 'POST', '/v1/auth/login', {
          body: { email: user.email, password: 'not the password' },
          headers: { 'x-forwarded-for': '203.0.113.150' },
        }),
      ),
    );
    expect(count(statuses, 401)).toBeLessThanOrEqual(5);
    expect(count(statuses, 429)).toBeGreaterThanOrEqual(45);
    expect(count(statuses, 401) + count(statuses, 429)).toBe(50);
  });

  it('50 parallel registrations from one IP: at most 10 accounts', async () => {
    const statuses = await statusesOf(
      Array.from({ length: 50 }, () =>
        request(api.url, 'POST', '/v1/auth/register', {
          body: { email: uniqueEmail('flood'), password: PASSWORD },
          headers: { 'x-forwarded-for': '203.0.113.151' },
        }),
      ),
    );
    expect(count(statuses, 201)).toBeLessThanOrEqual(10);
    expect(count(statuses, 201) + count(statuses, 429)).toBe(50);
  });

  it('50 parallel wrong passwords to set the wallet: 5 are tried, the rest are 429', async () => {
    const user = await registerUser(api.url);
    const address = await getAddressFromPublicKey((await generateKeyPair()).publicKey);
    const statuses = await statusesOf(
      Array.from({ length: 50 }, () =>
        request(api.url, 'PUT', '/v1/wallet', {
          bearer: user.token,
          body: { address, password: 'not the password' },
          headers: { 'x-forwarded-for': '203.0.113.152' },
        }),
      ),
    );
    expect(count(statuses, 403)).toBeLessThanOrEqual(5);
    expect(count(statuses, 403) + count(statuses, 429)).toBe(50);
    const wallet = await request(api.url, 'GET', '/v1/wallet', { bearer: user.token });
    expect(wallet.body.address).toBeNull();
  });
});

describe('Origin check on cookie-authenticated writes', () => {
  it('refuses a cookie write without Origin or from a foreign Origin, and allows an allowed one', async () => {
    const user = await registerUser(api.url);
    const body = { name: 'rig', os: 'ubuntu' };
    const none = await request(api.url, 'POST', '/v1/devices', {
      cookie: user.token,
      origin: null,
      body,
    });
    expect(none.status).toBe(403);
    expect(none.body.error.code).toBe('origin_not_allowed');
    const foreign = await request(api.url, 'POST', '/v1/devices', {
      cookie: user.token,
      origin: 'https://evil.example',
      body,
    });
    expect(foreign.status).toBe(403);
    const allowed = await request(api.url, 'POST', '/v1/devices', {
      cookie: user.token,
      origin: TEST_ORIGIN,
      body,
    });
    expect(allowed.status).toBe(201);
    const bearer = await request(api.url, 'POST', '/v1/devices', { bearer: user.token, body });
    expect(bearer.status).toBe(201);
    const read = await request(api.url, 'GET', '/v1/devices', { cookie: user.token, origin: null });
    expect(read.status).toBe(200);
    expect(read.body.devices).toHaveLength(2);
  });

  it('refuses a login posted from a foreign site', async () => {
    const user = await registerUser(api.url);
    const reply = await request(api.url, 'POST', '/v1/auth/login', {
      body: { email: user.email, password: PASSWORD },
      origin: 'https://evil.example',
    });
    expect(reply.status).toBe(403);
  });

  it('answers CORS preflights for allowed origins only, with credentials', async () => {
    const preflight = (origin: string) =>
      fetch(`${api.url}/v1/devices`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST' },
      });
    const allowed = await preflight(TEST_ORIGIN);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(TEST_ORIGIN);
    expect(allowed.headers.get('access-control-allow-credentials')).toBe('true');
    const foreign = await preflight('https://evil.example');
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });
});
