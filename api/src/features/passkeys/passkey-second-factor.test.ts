import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, registerUser, request, type TestUser } from '../../test/http.js';
import { startTestApi, type TestApi } from '../../test/test-api.js';
import { fakeAssertion, storedPasskey } from './test/fake-webauthn.js';

/** Passkeys as the second factor, and their list: what needs no authenticator's signature. */
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const post = (path: string, user: TestUser | null, body?: unknown) =>
  request(api.url, 'POST', path, user ? { bearer: user.token, body } : { body });

describe('passkeys as the second factor', () => {
  it('turns two-factor on: the password sign-in asks for a second step', async () => {
    const user = await registerUser(api.url);
    const passkey = await storedPasskey(api.db, user.id);
    const login = await post('/v1/auth/login', null, { email: user.email, password: PASSWORD });
    expect(login.body).toEqual({ mfaRequired: true, mfaToken: expect.any(String) });
    const options = await post('/v1/auth/passkey/options', null, { mfaToken: login.body.mfaToken });
    expect(options.status).toBe(200);
    expect(options.body.allowCredentials).toEqual([
      { id: passkey.credentialId, type: 'public-key', transports: ['internal'] },
    ]);
    const unknownToken = await post('/v1/auth/passkey/options', null, { mfaToken: 'mfa_nope' });
    expect([unknownToken.status, unknownToken.body.error.code]).toEqual([401, 'invalid_mfa_token']);
    const state = await request(api.url, 'GET', '/v1/me/2fa', { bearer: user.token });
    expect(state.body.totp).toBe(false);
  });

  it('binds a second-step challenge to its account', async () => {
    const user = await registerUser(api.url);
    await storedPasskey(api.db, user.id);
    const other = await registerUser(api.url);
    const otherPasskey = await storedPasskey(api.db, other.id);
    const login = await post('/v1/auth/login', null, { email: user.email, password: PASSWORD });
    const { mfaToken } = login.body;
    const { challenge } = (await post('/v1/auth/passkey/options', null, { mfaToken })).body;
    const reply = await post('/v1/auth/passkey', null, {
      mfaToken,
      response: fakeAssertion(challenge, otherPasskey.credentialId),
    });
    expect([reply.status, reply.body.error.code]).toEqual([401, 'invalid_passkey']);
    const tries = await api.db
      .selectFrom('mfa_challenges')
      .select(['attempts', 'used_at'])
      .where('account_id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(tries).toEqual({ attempts: 1, used_at: null });
  });

  it('offers no passkey options to an account without passkeys', async () => {
    const user = await registerUser(api.url);
    const options = await post('/v1/me/passkeys/assertion-options', user);
    expect([options.status, options.body.error.code]).toEqual([409, 'no_passkey']);
  });
});

describe('listing and removing passkeys', () => {
  it("lists the account's own, and answers 404 for another account's", async () => {
    const user = await registerUser(api.url);
    const own = await storedPasskey(api.db, user.id, 'Phone');
    const other = await registerUser(api.url);
    const theirs = await storedPasskey(api.db, other.id);
    const list = await request(api.url, 'GET', '/v1/me/passkeys', { bearer: user.token });
    expect(list.body).toEqual({
      passkeys: [{ id: own.id, name: 'Phone', createdAt: expect.any(String), lastUsedAt: null }],
    });
    const foreign = await request(api.url, 'DELETE', `/v1/me/passkeys/${theirs.id}`, {
      bearer: user.token,
      body: { password: PASSWORD },
    });
    expect(foreign.status).toBe(404);
    const stillThere = await request(api.url, 'GET', '/v1/me/passkeys', { bearer: other.token });
    expect(stillThere.body.passkeys).toHaveLength(1);
  });

  it('asks the password, and with two-factor on a second factor, to remove one', async () => {
    const user = await registerUser(api.url);
    const own = await storedPasskey(api.db, user.id);
    const remove = (body: object) =>
      request(api.url, 'DELETE', `/v1/me/passkeys/${own.id}`, { bearer: user.token, body });
    const wrongPassword = await remove({ password: 'not the password' });
    expect([wrongPassword.status, wrongPassword.body.error.code]).toEqual([
      403,
      'invalid_password',
    ]);
    const noFactor = await remove({ password: PASSWORD });
    expect([noFactor.status, noFactor.body.error.code]).toEqual([403, 'invalid_code']);
    const { challenge } = (await post('/v1/me/passkeys/assertion-options', user)).body;
    const badAssertion = await remove({
      password: PASSWORD,
      assertion: fakeAssertion(challenge, own.credentialId),
    });
    expect([badAssertion.status, badAssertion.body.error.code]).toEqual([403, 'invalid_code']);
    expect(badAssertion.body.error.message).toMatch(/^assertion: /);
    const list = await request(api.url, 'GET', '/v1/me/passkeys', { bearer: user.token });
    expect(list.body.passkeys).toHaveLength(1);
  });
});
