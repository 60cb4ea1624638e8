import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, registerUser, request, type TestUser } from '../../test/http.js';
import { startTestApi, type TestApi } from '../../test/test-api.js';
import {
  base64url,
  clientData,
  fakeAssertion,
  fakeAttestation,
  storedPasskey,
} from './test/fake-webauthn.js';

/**
 * What the API decides before an authenticator's signature matters: options, the challenge
 * rules, ownership and malformed responses. Real passkeys sign in passkeys.browser.test.ts.
 */
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const post = (path: string, user: TestUser | null, body?: unknown) =>
  request(api.url, 'POST', path, user ? { bearer: user.token, body } : { body });

async function registrationChallenge(user: TestUser): Promise<string> {
  const options = await post('/v1/me/passkeys/options', user, { password: PASSWORD });
  expect(options.status).toBe(200);
  return options.body.challenge as string;
}

describe('passkey registration', () => {
  it('asks for the password before a passkey can be added: a stolen session cannot add one', async () => {
    const user = await registerUser(api.url);
    const without = await post('/v1/me/passkeys/options', user, {});
    expect(without.status).toBe(400);
    const wrong = await post('/v1/me/passkeys/options', user, { password: 'not the password' });
    expect(wrong.status).toBe(403);
    expect(wrong.body.error.code).toBe('invalid_password');
  });

  it('offers options for this relying party, with the challenge stored for 5 minutes', async () => {
    const user = await registerUser(api.url);
    const options = await post('/v1/me/passkeys/options', user, { password: PASSWORD });
    expect(options.status).toBe(200);
    expect(options.body).toMatchObject({
      rp: { id: 'localhost', name: 'IO Worker' },
      user: { name: user.email },
      attestation: 'none',
      excludeCredentials: [],
      timeout: 300_000,
    });
    const stored = await api.db
      .selectFrom('passkey_challenges')
      .selectAll()
      .where('challenge', '=', options.body.challenge)
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ purpose: 'registration', account_id: user.id, used_at: null });
    const ttl = stored.expires_at.getTime() - Date.now();
    expect(ttl).toBeGreaterThan(290_000);
    expect(ttl).toBeLessThanOrEqual(300_000);
  });

  it('takes each challenge once, even when one response is sent in parallel', async () => {
    const user = await registerUser(api.url);
    const challenge = await registrationChallenge(user);
    const tries = await Promise.all(
      Array.from({ length: 5 }, () =>
        post('/v1/me/passkeys', user, { response: fakeAttestation(challenge) }),
      ),
    );
    const codes = tries.map((reply) => `${reply.status} ${reply.body.error.code}`).sort();
    // One got as far as the attestation (which is not one); the others found the challenge spent.
    expect(codes).toEqual([
      '400 invalid_challenge',
      '400 invalid_challenge',
      '400 invalid_challenge',
      '400 invalid_challenge',
      '400 invalid_passkey',
    ]);
    const again = await post('/v1/me/passkeys', user, { response: fakeAttestation(challenge) });
    expect(again.body.error.message).toMatch(
      /^response: its challenge is unknown, expired or used/,
    );
  });

  it('refuses an expired challenge, and one handed to another account', async () => {
    const user = await registerUser(api.url);
    const expired = await registrationChallenge(user);
    await api.db
      .updateTable('passkey_challenges')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('challenge', '=', expired)
      .execute();
    const late = await post('/v1/me/passkeys', user, { response: fakeAttestation(expired) });
    expect([late.status, late.body.error.code]).toEqual([400, 'invalid_challenge']);

    const other = await registerUser(api.url);
    const foreign = await registrationChallenge(other);
    const stolen = await post('/v1/me/passkeys', user, { response: fakeAttestation(foreign) });
    expect([stolen.status, stolen.body.error.code]).toEqual([400, 'invalid_challenge']);
    // The owner can still use it: a refused try by someone else spent nothing of theirs.
    const own = await post('/v1/me/passkeys', other, { response: fakeAttestation(foreign) });
    expect(own.body.error.code).toBe('invalid_passkey');
  });

  it('answers a bad response with a 400 naming the problem, never a 5xx', async () => {
    const user = await registerUser(api.url);
    const cases: [body: (challenge: string) => unknown, problem: RegExp][] = [
      [() => ({}), /^response: is required/],
      [(ch) => ({ response: { ...fakeAttestation(ch), type: 'other' } }), /^response\.type: /],
      [
        (ch) => ({ response: { ...fakeAttestation(ch), id: '' } }),
        /^response\.id: must not be empty/,
      ],
      [
        (ch) => ({ response: fakeAttestation(ch, 'not base64url!') }),
        /^response\.response\.clientDataJSON: must be base64url/,
      ],
      [
        (ch) => ({ response: fakeAttestation(ch, base64url('{"no": "challenge"}')) }),
        /^response\.response\.clientDataJSON: is not WebAuthn client data/,
      ],
      [
        (ch) => ({ response: fakeAttestation(ch, base64url('not json')) }),
        /^response\.response\.clientDataJSON: is not WebAuthn client data/,
      ],
      [
        (ch) => ({ response: fakeAttestation(ch, clientData(ch, 'webauthn.get')) }),
        /^response: Unexpected registration response type/,
      ],
      [
        (ch) => ({ response: fakeAttestation(ch, clientData(ch, undefined, 'https://evil.test')) }),
        /^response: Unexpected registration response origin "https:\/\/evil\.test"/,
      ],
      [
        (ch) => ({ response: fakeAttestation(ch) }),
        /^response: the attestation could not be decoded\.$/,
      ],
      [
        (ch) => ({ response: { ...fakeAttestation(ch), rawId: 'A'.repeat(2000) } }),
        /^response\.rawId: must be at most 1364 characters/,
      ],
      [(ch) => ({ response: fakeAttestation(ch), name: ' ' }), /^name: must not be empty/],
    ];
    for (const [body, problem] of cases) {
      const reply = await post('/v1/me/passkeys', user, body(await registrationChallenge(user)));
      expect(reply.status, JSON.stringify(reply.body)).toBe(400);
      expect(reply.body.error.message).toMatch(problem);
    }
  });
});

describe('passkey sign-in', () => {
  it('offers a passwordless sign-in discoverable credentials, with the user verified', async () => {
    const options = await post('/v1/auth/passkey/options', null);
    expect(options.status).toBe(200);
    expect(options.body).toMatchObject({
      rpId: 'localhost',
      allowCredentials: [],
      userVerification: 'required',
    });
    const stored = await api.db
      .selectFrom('passkey_challenges')
      .select(['purpose', 'account_id'])
      .where('challenge', '=', options.body.challenge)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ purpose: 'sign_in', account_id: null });
  });

  it('refuses an unknown passkey, then the replay of its challenge, and audits both', async () => {
    const user = await registerUser(api.url);
    const passkey = await storedPasskey(api.db, user.id);
    const { challenge } = (await post('/v1/auth/passkey/options', null, {})).body;
    const unknown = await post('/v1/auth/passkey', null, {
      response: fakeAssertion(challenge, 'bm90LXJlZ2lzdGVyZWQ'),
    });
    expect([unknown.status, unknown.body.error.code]).toEqual([401, 'invalid_passkey']);
    const replay = await post('/v1/auth/passkey', null, {
      response: fakeAssertion(challenge, passkey.credentialId),
    });
    expect([replay.status, replay.body.error.code]).toEqual([401, 'invalid_challenge']);
    const audited = await api.db
      .selectFrom('audit_events')
      .select(['details'])
      .where('account_id', '=', user.id)
      .where('action', '=', 'login.failed')
      .execute();
    expect(audited.map((row) => row.details)).toEqual([{ step: 'passkey', refusal: 'challenge' }]);
  });

  it('keeps challenges to their purpose: a registration challenge does not sign in', async () => {
    const user = await registerUser(api.url);
    // Options first: once the account has a passkey, adding one asks for a second factor.
    const challenge = await registrationChallenge(user);
    const passkey = await storedPasskey(api.db, user.id);
    const reply = await post('/v1/auth/passkey', null, {
      response: fakeAssertion(challenge, passkey.credentialId),
    });
    expect([reply.status, reply.body.error.code]).toEqual([401, 'invalid_challenge']);
  });

  it("checks a bad signature of a real account's passkey: 401, never a 5xx", async () => {
    const user = await registerUser(api.url);
    const passkey = await storedPasskey(api.db, user.id);
    const { challenge } = (await post('/v1/auth/passkey/options', null)).body;
    const reply = await post('/v1/auth/passkey', null, {
      response: fakeAssertion(challenge, passkey.credentialId),
    });
    expect([reply.status, reply.body.error.code]).toEqual([401, 'invalid_passkey']);
    expect(reply.body.error.message).toBe(
      'The passkey was refused: the assertion could not be decoded.',
    );
  });
});
