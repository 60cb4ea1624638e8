import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCursor } from '../../lib/paging.js';
import { createDevice, PASSWORD, registerUser, request } from '../../test/http.js';
import { startTestApi, type TestApi } from '../../test/test-api.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

type SecurityEvent = {
  id: string;
  action: string;
  at: string;
  ip: string | null;
  userAgent: string | null;
  details: Record<string, unknown>;
};

describe('the security log', () => {
  it("lists the account's own security events, newest first, and nothing else", async () => {
    const user = await registerUser(api.url);
    const stranger = await registerUser(api.url);
    const fromElsewhere = { 'x-forwarded-for': '203.0.113.7', 'user-agent': 'curl/8.5.0' };
    await request(api.url, 'POST', '/v1/auth/login', {
      body: { email: user.email, password: 'a wrong password' },
      headers: fromElsewhere,
    });
    await request(api.url, 'POST', '/v1/auth/login', {
      body: { email: stranger.email, password: 'a wrong password' },
    });
    const login = await request(api.url, 'POST', '/v1/auth/login', {
      body: { email: user.email, password: PASSWORD },
    });
    await createDevice(api.url, user, 'not-a-security-event');
    const created = await request(api.url, 'POST', '/v1/me/tokens', {
      bearer: user.token,
      body: { name: 'ci', scope: 'read' },
    });
    await request(api.url, 'DELETE', `/v1/me/tokens/${created.body.id}`, { bearer: user.token });
    await request(api.url, 'POST', '/v1/auth/logout', { bearer: login.body.token });

    const reply = await request(api.url, 'GET', '/v1/me/security-events', { bearer: user.token });
    expect(reply.status).toBe(200);
    const events = reply.body.events as SecurityEvent[];
    expect(events.map((event) => event.action)).toEqual([
      'logout',
      'token.revoked',
      'token.created',
      'login.succeeded',
      'login.failed',
      'account.registered',
    ]);
    expect(reply.body.nextCursor).toBeNull();
    expect(events.find((event) => event.action === 'login.failed')).toMatchObject({
      ip: '203.0.113.7',
      userAgent: 'curl/8.5.0',
      details: { email: user.email },
    });
    expect(events[1]).toMatchObject({ details: { tokenId: created.body.id, name: 'ci' } });
    expect(Number.isNaN(Date.parse(events[0]!.at))).toBe(false);
    expect(JSON.stringify(events)).not.toContain(created.body.token);
  });

  it('pages with a cursor and refuses one it did not issue', async () => {
    const user = await registerUser(api.url);
    for (let index = 0; index < 4; index += 1) {
      await request(api.url, 'POST', '/v1/me/tokens', {
        bearer: user.token,
        body: { name: `t${index}`, scope: 'read' },
      });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : '';
      const page = await request(api.url, 'GET', `/v1/me/security-events?limit=2${query}`, {
        bearer: user.token,
      });
      expect(page.status).toBe(200);
      seen.push(...(page.body.events as SecurityEvent[]).map((event) => event.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    expect([...seen].sort((a, b) => Number(b) - Number(a))).toEqual(seen);

    for (const bad of [
      'nonsense',
      encodeCursor({ at: '2026-01-01 00:00:00+00', id: '1; drop table' }),
    ]) {
      const reply = await request(api.url, 'GET', `/v1/me/security-events?cursor=${bad}`, {
        bearer: user.token,
      });
      expect(reply.status).toBe(400);
      expect(reply.body.error.message).toContain('cursor');
    }
  });
});
