import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../lib/secrets.js';
import { PASSWORD, registerUser, request, type TestUser } from '../../test/http.js';
import { startTestApi, type TestApi } from '../../test/test-api.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

type NewToken = { name?: string; scope: 'read' | 'write'; expiresInDays?: number };

async function createToken(user: TestUser, token: NewToken) {
  const reply = await request(api.url, 'POST', '/v1/me/tokens', {
    bearer: user.token,
    body: { name: 'probe', ...token, ...(token.scope === 'write' && { password: PASSWORD }) },
  });
  if (reply.status !== 201)
    throw new Error(`create token failed: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body as { id: string; token: string; preview: string; lastUsedAt: string | null };
}

function listTokens(user: TestUser) {
  return request(api.url, 'GET', '/v1/me/tokens', { bearer: user.token });
}

describe('personal API tokens', () => {
  it('shows the secret once, stores only its hash, and stops working when revoked', async () => {
    const user = await registerUser(api.url);
    const created = await request(api.url, 'POST', '/v1/me/tokens', {
      bearer: user.token,
      body: { name: '  grafana  ', scope: 'read', expiresInDays: 30 },
    });
    expect(created.status).toBe(201);
    const secret = created.body.token as string;
    expect(secret).toMatch(/^iowp_[a-z2-7]{32}$/);
    expect(created.body).toMatchObject({
      name: 'grafana',
      scope: 'read',
      preview: `iowp_…${secret.slice(-4)}`,
      lastUsedAt: null,
    });
    const days = (Date.parse(created.body.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);

    const listed = await listTokens(user);
    expect(listed.body.tokens).toEqual([{ ...created.body, token: undefined }]);
    expect(JSON.stringify(listed.body)).not.toContain(secret);
    const stored = await api.db.selectFrom('personal_tokens').selectAll().execute();
    expect(stored.find((row) => row.id === created.body.id)?.token_hash).toBe(hashToken(secret));
    const audit = await api.db.selectFrom('audit_events').selectAll().execute();
    expect(JSON.stringify([stored, audit])).not.toContain(secret.slice(5));

    const me = await request(api.url, 'GET', '/v1/me', { bearer: secret });
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(user.id);

    const revoked = await request(api.url, 'DELETE', `/v1/me/tokens/${created.body.id}`, {
      bearer: user.token,
    });
    expect(revoked.status).toBe(204);
    const after = await request(api.url, 'GET', '/v1/me', { bearer: secret });
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('invalid_token');
    expect((await listTokens(user)).body.tokens).toEqual([]);
    const again = await request(api.url, 'DELETE', `/v1/me/tokens/${created.body.id}`, {
      bearer: user.token,
    });
    expect(again.status).toBe(404);
  });

  it('writes lastUsedAt at most once a minute', async () => {
    const user = await registerUser(api.url);
    const { id, token } = await createToken(user, { scope: 'read' });
    const lastUsed = async () =>
      (
        await api.db
          .selectFrom('personal_tokens')
          .select('last_used_at')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).last_used_at;
    await request(api.url, 'GET', '/v1/me', { bearer: token });
    const first = await lastUsed();
    expect(first).toBeInstanceOf(Date);
    await request(api.url, 'GET', '/v1/me', { bearer: token });
    expect(await lastUsed()).toEqual(first);

    const twoMinutesAgo = new Date(Date.now() - 120_000);
    await api.db
      .updateTable('personal_tokens')
      .set({ last_used_at: twoMinutesAgo })
      .where('id', '=', id)
      .execute();
    await request(api.url, 'GET', '/v1/me', { bearer: token });
    expect((await lastUsed())!.getTime()).toBeGreaterThan(twoMinutesAgo.getTime() + 60_000);
    const listed = await listTokens(user);
    expect(Date.parse(listed.body.tokens[0].lastUsedAt)).toBeGreaterThan(first!.getTime());
  });

  it('refuses an expired token and no longer lists it', async () => {
    const user = await registerUser(api.url);
    const { id, token } = await createToken(user, { scope: 'write', expiresInDays: 1 });
    expect((await request(api.url, 'GET', '/v1/me', { bearer: token })).status).toBe(200);
    await api.db
      .updateTable('personal_tokens')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', id)
      .execute();
    const expired = await request(api.url, 'GET', '/v1/me', { bearer: token });
    expect(expired.status).toBe(401);
    expect(expired.body.error.code).toBe('invalid_token');
    expect((await listTokens(user)).body.tokens).toEqual([]);
  });

  it("hides another account's token: 404 to revoke, and it keeps working", async () => {
    const owner = await registerUser(api.url);
    const stranger = await registerUser(api.url);
    const { id, token } = await createToken(owner, { scope: 'read' });
    const reply = await request(api.url, 'DELETE', `/v1/me/tokens/${id}`, {
      bearer: stranger.token,
    });
    expect(reply.status).toBe(404);
    expect((await listTokens(stranger)).body.tokens).toEqual([]);
    expect((await request(api.url, 'GET', '/v1/me', { bearer: token })).body.id).toBe(owner.id);
  });

  it('a write token needs the password; names and expiries are checked', async () => {
    const user = await registerUser(api.url);
    const create = (body: unknown) =>
      request(api.url, 'POST', '/v1/me/tokens', { bearer: user.token, body });
    const refusals: [unknown, string][] = [
      [{ name: 'ci', scope: 'write' }, 'password: is required'],
      [{ name: '', scope: 'read' }, 'name: must not be empty'],
      [{ name: 'x'.repeat(65), scope: 'read' }, 'name: must be at most 64 characters'],
      [{ name: 'ci', scope: 'admin' }, 'scope: must be "read" or "write"'],
      [{ name: 'ci', scope: 'read', expiresInDays: 0 }, 'expiresInDays: must be at least 1'],
      [{ name: 'ci', scope: 'read', expiresInDays: 366 }, 'expiresInDays: must be at most 365'],
      [{ name: 'ci', scope: 'read', expiresInDays: 1.5 }, 'expiresInDays: must be a whole number'],
    ];
    for (const [body, message] of refusals) {
      const reply = await create(body);
      expect(reply.status, JSON.stringify(body)).toBe(400);
      expect(reply.body.error.message).toContain(message);
    }
    const wrong = await create({ name: 'ci', scope: 'write', password: 'not the password' });
    expect(wrong.status).toBe(403);
    expect(wrong.body.error.code).toBe('invalid_password');
    const written = await create({ name: 'ci', scope: 'write', password: PASSWORD });
    expect(written.status).toBe(201);
    expect(written.body).toMatchObject({ scope: 'write', expiresAt: null });
    expect((await listTokens(user)).body.tokens).toHaveLength(1);
  });

  it('records creation and revocation in the audit log, without the secret', async () => {
    const user = await registerUser(api.url);
    const { id } = await createToken(user, { name: 'backup-script', scope: 'read' });
    await request(api.url, 'DELETE', `/v1/me/tokens/${id}`, { bearer: user.token });
    const rows = await api.db
      .selectFrom('audit_events')
      .select(['action', 'details'])
      .where('account_id', '=', user.id)
      .where('action', 'like', 'token.%')
      .orderBy('id')
      .execute();
    const details = { tokenId: id, name: 'backup-script', scope: 'read' };
    expect(rows).toEqual([
      { action: 'token.created', details },
      { action: 'token.revoked', details },
    ]);
  });
});

describe('scopes', () => {
  it('a read token opens only GET; a write token writes; neither opens the sensitive routes', async () => {
    const user = await registerUser(api.url);
    const read = (await createToken(user, { scope: 'read' })).token;
    const write = (await createToken(user, { scope: 'write' })).token;
    const newDevice = { name: 'token-rig', os: 'ubuntu' };

    expect((await request(api.url, 'GET', '/v1/devices', { bearer: read })).status).toBe(200);
    const refused = await request(api.url, 'POST', '/v1/devices', {
      bearer: read,
      body: newDevice,
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('insufficient_scope');
    const head = await fetch(`${api.url}/v1/me`, {
      method: 'HEAD',
      headers: { authorization: `Bearer ${read}` },
    });
    expect(head.status).toBe(200);
    const written = await request(api.url, 'POST', '/v1/devices', {
      bearer: write,
      body: newDevice,
    });
    expect(written.status).toBe(201);

    const sensitive: [string, string, unknown?][] = [
      ['PUT', '/v1/wallet', { address: '11111111111111111111111111111111', password: PASSWORD }],
      ['POST', '/v1/me/password', { currentPassword: PASSWORD, newPassword: `${PASSWORD}!` }],
      ['POST', '/v1/me/tokens', { name: 'more', scope: 'read' }],
      ['DELETE', `/v1/me/tokens/${(await createToken(user, { scope: 'read' })).id}`],
      ['DELETE', '/v1/me/sessions/00000000-0000-4000-8000-000000000000'],
      ['POST', '/v1/auth/logout'],
    ];
    for (const [method, path, body] of sensitive) {
      for (const token of [read, write]) {
        const reply = await request(api.url, method, path, { bearer: token, body });
        expect(reply.status, `${method} ${path}`).toBe(403);
        expect(reply.body.error.code).toBe('session_required');
      }
    }
    // Nothing of it happened: the password and the tokens are as they were.
    expect((await listTokens(user)).body.tokens).toHaveLength(3);
    const login = await request(api.url, 'POST', '/v1/auth/login', {
      body: { email: user.email, password: PASSWORD },
    });
    expect(login.status).toBe(200);
  });

  it('a token counts only as Bearer: not as the session cookie', async () => {
    const user = await registerUser(api.url);
    const { token } = await createToken(user, { scope: 'write' });
    expect((await request(api.url, 'GET', '/v1/me', { cookie: token })).status).toBe(401);
  });
});

describe('the limit of 50 tokens', () => {
  it('holds under 50 parallel creations from 45 tokens', async () => {
    const user = await registerUser(api.url);
    const rows = Array.from({ length: 45 }, (_, index) => ({
      account_id: user.id,
      name: `seed-${index}`,
      scope: 'read' as const,
      token_hash: hashToken(`seed-${user.id}-${index}`),
      last_four: 'seed',
      expires_at: null,
    }));
    await api.db.insertInto('personal_tokens').values(rows).execute();
    const replies = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        request(api.url, 'POST', '/v1/me/tokens', {
          bearer: user.token,
          body: { name: `parallel-${index}`, scope: 'read' },
        }),
      ),
    );
    const statuses = replies.map((reply) => reply.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(5);
    expect(statuses.filter((status) => status === 409)).toHaveLength(45);
    expect(replies.find((reply) => reply.status === 409)?.body.error.code).toBe(
      'token_limit_reached',
    );
    expect((await listTokens(user)).body.tokens).toHaveLength(50);
  });

  it('does not count expired tokens', async () => {
    const user = await registerUser(api.url);
    const rows = Array.from({ length: 50 }, (_, index) => ({
      account_id: user.id,
      name: `old-${index}`,
      scope: 'read' as const,
      token_hash: hashToken(`old-${user.id}-${index}`),
      last_four: 'old0',
      expires_at: new Date(Date.now() - 1000),
    }));
    await api.db.insertInto('personal_tokens').values(rows).execute();
    await createToken(user, { scope: 'read' });
    const left = await api.db
      .selectFrom('personal_tokens')
      .select('id')
      .where('account_id', '=', user.id)
      .execute();
    expect(left).toHaveLength(1);
  });
});
