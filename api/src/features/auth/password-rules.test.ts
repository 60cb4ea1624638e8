import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, registerUser, request, uniqueEmail } from '../../test/http.js';
import { startTestApi, type TestApi } from '../../test/test-api.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

/** Each refused password, with the rule the 400 names; `email` stands for the account's. */
const CONTROL = 'must not contain control characters (such as NUL, tab or a line break)';
const COMMON = 'is one of the most common passwords; choose one that is harder to guess';
const refused: [string, string, string][] = [
  ['ten times the same letter', 'aaaaaaaaaa', 'must not be one character repeated'],
  ['ten spaces', ' '.repeat(10), 'must not be one character repeated'],
  ['NUL characters', 'abc\u0000defghij', CONTROL],
  ['only NUL characters', '\u0000'.repeat(10), CONTROL],
  ['a common password', 'password12', COMMON],
  ['a common password in capitals', 'IloveYou12', COMMON],
  ['the email address', 'email', 'must not be your email address'],
  ['a short password', 'short', 'must be at least 10 characters'],
];

let counter = 0;
const ip = () => `10.9.${Math.floor(counter / 200)}.${(counter += 1) % 200}`;

describe('new passwords', () => {
  it.each(refused)('refuses %s at registration, naming the rule', async (_, given, rule) => {
    const email = uniqueEmail('rules');
    const password = given === 'email' ? email.toUpperCase() : given;
    const reply = await request(api.url, 'POST', '/v1/auth/register', {
      body: { email, password },
      headers: { 'x-forwarded-for': ip() },
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe('invalid_request');
    expect(reply.body.error.message).toBe(`password: ${rule}`);
    const stored = await api.db
      .selectFrom('accounts')
      .select('id')
      .where('email', '=', email.toLowerCase())
      .execute();
    expect(stored).toEqual([]);
  });

  it.each(refused)('refuses %s as a new password, naming the rule', async (_, given, rule) => {
    const user = await registerUser(api.url);
    const newPassword = given === 'email' ? user.email : given;
    const reply = await request(api.url, 'POST', '/v1/me/password', {
      bearer: user.token,
      body: { currentPassword: PASSWORD, newPassword },
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toBe(`newPassword: ${rule}`);
    const login = await request(api.url, 'POST', '/v1/auth/login', {
      body: { email: user.email, password: PASSWORD },
      headers: { 'x-forwarded-for': ip() },
    });
    expect(login.status).toBe(200);
  });

  it('takes the passwords the tests, the demo and the e2e runs use', async () => {
    for (const password of [PASSWORD, 'ioworker-demo', 'correct-horse-battery']) {
      const reply = await request(api.url, 'POST', '/v1/auth/register', {
        body: { email: uniqueEmail('fine'), password },
        headers: { 'x-forwarded-for': ip() },
      });
      expect(reply.status).toBe(201);
    }
  });
});
