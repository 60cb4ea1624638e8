import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { generateHOTP } from '@oslojs/otp';
import { generateKeyPair, getAddressFromPublicKey } from '@solana/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, registerUser, request, type TestUser } from '../../test/http.js';
import { startTestApi, type TestApi } from '../../test/test-api.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

/** What an authenticator app shows for the step `offset` steps from now. */
function codeAt(secret: string, offset = 0): string {
  const step = BigInt(Math.floor(Date.now() / 30_000) + offset);
  return generateHOTP(decodeBase32IgnorePadding(secret), step, 6);
}

/** A user with TOTP on (set up with the code of this step); its key and recovery codes. */
async function withTotp(user: TestUser) {
  const setup = await request(api.url, 'POST', '/v1/me/2fa/totp', {
    bearer: user.token,
    body: { password: PASSWORD },
  });
  expect(setup.status).toBe(201);
  const secret = setup.body.secret as string;
  expect(setup.body.otpauthUrl).toMatch(/^otpauth:\/\/totp\/IO%20Worker:.*secret=/);
  const confirmed = await request(api.url, 'POST', '/v1/me/2fa/totp/confirm', {
    bearer: user.token,
    body: { code: codeAt(secret) },
  });
  expect(confirmed.status).toBe(200);
  return { secret, recoveryCodes: confirmed.body.recoveryCodes as string[] };
}

const firstStep = (user: TestUser, headers: Record<string, string> = {}) =>
  request(api.url, 'POST', '/v1/auth/login', {
    body: { email: user.email, password: PASSWORD },
    headers,
  });
const secondStep = (body: object, headers: Record<string, string> = {}) =>
  request(api.url, 'POST', '/v1/auth/login/2fa', { body, headers });

describe('TOTP', () => {
  it('asks for the password before set-up: a stolen session cannot lock the owner out', async () => {
    const user = await registerUser(api.url);
    const without = await request(api.url, 'POST', '/v1/me/2fa/totp', {
      bearer: user.token,
      body: {},
    });
    expect(without.status).toBe(400);
    const wrong = await request(api.url, 'POST', '/v1/me/2fa/totp', {
      bearer: user.token,
      body: { password: 'not the password' },
    });
    expect(wrong.status).toBe(403);
    expect((await request(api.url, 'GET', '/v1/me/2fa', { bearer: user.token })).body.totp).toBe(
      false,
    );
  });

  it('turns on with a first code, gives 10 recovery codes, and makes sign-in two steps', async () => {
    const user = await registerUser(api.url);
    const { secret, recoveryCodes } = await withTotp(user);
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    const state = await request(api.url, 'GET', '/v1/me/2fa', { bearer: user.token });
    expect(state.body).toEqual({ totp: true, recoveryCodesLeft: 10 });

    const first = await firstStep(user);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ mfaRequired: true });
    expect(first.body.token).toBeUndefined();
    expect(first.headers.get('set-cookie')).toBeNull();
    const wrong = await secondStep({ mfaToken: first.body.mfaToken, code: '000000' });
    expect(wrong.status).toBe(401);
    // A wrong code does not spend the token; the next step's code (the one used to set up is
    // spent) signs in.
    const right = await secondStep({ mfaToken: first.body.mfaToken, code: codeAt(secret, 1) });
    expect(right.status).toBe(200);
    expect((await request(api.url, 'GET', '/v1/me', { bearer: right.body.token })).status).toBe(
      200,
    );
  });

  it('accepts a code once: a replay, even in parallel, is refused', async () => {
    const user = await registerUser(api.url);
    const { secret } = await withTotp(user);
    const code = codeAt(secret, 1);
    const challenges = [];
    for (let index = 0; index < 4; index += 1) challenges.push(await firstStep(user));
    const answers = await Promise.all(
      challenges.map((challenge) => secondStep({ mfaToken: challenge.body.mfaToken, code })),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 401, 401, 401]);
    const setupCode = codeAt(secret);
    const again = await firstStep(user);
    expect((await secondStep({ mfaToken: again.body.mfaToken, code: setupCode })).status).toBe(401);
  });

  it('takes each recovery code once', async () => {
    const user = await registerUser(api.url);
    const { recoveryCodes } = await withTotp(user);
    const recoveryCode = recoveryCodes[3]!.toUpperCase();
    const first = await firstStep(user);
    expect((await secondStep({ mfaToken: first.body.mfaToken, recoveryCode })).status).toBe(200);
    const again = await firstStep(user);
    expect((await secondStep({ mfaToken: again.body.mfaToken, recoveryCode })).status).toBe(401);
    const state = await request(api.url, 'GET', '/v1/me/2fa', { bearer: user.token });
    expect(state.body.recoveryCodesLeft).toBe(9);
  });

  it('voids a sign-in after 5 wrong codes, and limits codes like passwords', async () => {
    const user = await registerUser(api.url);
    const { secret } = await withTotp(user);
    const headers = { 'x-forwarded-for': '203.0.113.201' };
    const challenge = await firstStep(user, headers);
    const guesses = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        secondStep({ mfaToken: challenge.body.mfaToken, code: String(100000 + index) }, headers),
      ),
    );
    expect(guesses.every((guess) => guess.status === 401 || guess.status === 429)).toBe(true);
    const tried = await api.db
      .selectFrom('mfa_challenges')
      .select('attempts')
      .where('account_id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(tried.attempts).toBe(5);
    const late = await secondStep({ mfaToken: challenge.body.mfaToken, code: codeAt(secret, 1) });
    expect(late.status).toBe(401);
    expect(late.body.error.code).toBe('invalid_mfa_token');
  });

  it('guards the wallet, a write token and turning 2FA off with a code; off, sign-in is one step again', async () => {
    const user = await registerUser(api.url);
    const { secret, recoveryCodes } = await withTotp(user);
    const address = await getAddressFromPublicKey((await generateKeyPair()).publicKey);
    const noCode = await request(api.url, 'PUT', '/v1/wallet', {
      bearer: user.token,
      body: { address, password: PASSWORD },
    });
    expect(noCode.status).toBe(403);
    expect(noCode.body.error.code).toBe('invalid_code');
    const withCode = await request(api.url, 'PUT', '/v1/wallet', {
      bearer: user.token,
      body: { address, password: PASSWORD, code: codeAt(secret, 1) },
    });
    expect(withCode.status).toBe(200);
    const token = { name: 'deploy script', scope: 'write', password: PASSWORD };
    const tokenNoCode = await request(api.url, 'POST', '/v1/me/tokens', {
      bearer: user.token,
      body: token,
    });
    expect(tokenNoCode.status).toBe(403);
    expect(tokenNoCode.body.error.code).toBe('invalid_code');
    const tokenWithCode = await request(api.url, 'POST', '/v1/me/tokens', {
      bearer: user.token,
      body: { ...token, recoveryCode: recoveryCodes[1] },
    });
    expect(tokenWithCode.status).toBe(201);
    const offWithoutCode = await request(api.url, 'DELETE', '/v1/me/2fa/totp', {
      bearer: user.token,
      body: { password: PASSWORD },
    });
    expect(offWithoutCode.status).toBe(403);
    const off = await request(api.url, 'DELETE', '/v1/me/2fa/totp', {
      bearer: user.token,
      // The codes of this step and the next are spent: a recovery code does it.
      body: { password: PASSWORD, recoveryCode: recoveryCodes[0] },
    });
    expect(off.status).toBe(204);
    const single = await firstStep(user);
    expect(single.body.token).toEqual(expect.any(String));
  });

  it('keeps the key sealed and only hashes of recovery codes', async () => {
    const user = await registerUser(api.url);
    const { secret, recoveryCodes } = await withTotp(user);
    const stored = await api.db
      .selectFrom('totp_credentials')
      .select('secret_sealed')
      .where('account_id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(stored.secret_sealed).not.toContain(secret);
    const hashes = await api.db
      .selectFrom('recovery_codes')
      .select('code_hash')
      .where('account_id', '=', user.id)
      .execute();
    const plain = recoveryCodes.map((code) => code.replace('-', ''));
    expect(hashes.some((row) => plain.some((code) => row.code_hash.includes(code)))).toBe(false);
  });
});
