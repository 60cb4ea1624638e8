import { generateKeyPair, getAddressFromPublicKey } from '@solana/kit';
import { startMailCatcher, type RunningMailCatcher } from '@ioworker/tools/local-services';
import { waitFor } from '@ioworker/tools/test/stack';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, request, uniqueEmail } from '../../test/http.js';
import { startApiWithReceiver } from '../../test/receiving-api.js';
import { ROLE_TOKENS, startTestApi, type TestApi } from '../../test/test-api.js';
import type { Receiver } from '../channels/senders/test/receiver.js';

// A real API mailing through a real SMTP server; the links are read out of the parsed mail.
let api: TestApi;
let mail: RunningMailCatcher;
let receiver: Receiver;
let stop: () => Promise<void>;

beforeAll(async () => {
  mail = await startMailCatcher();
  ({ api, receiver, stop } = await startApiWithReceiver({
    SMTP_URL: mail.url,
    APP_URL: 'https://app.example.com/a/ioworker-app',
    DELIVERY_POLL_MS: '50',
    DELIVERY_GROUP_MS: '50',
  }));
});
afterAll(async () => {
  await stop();
  await mail.stop();
});

/** The token of the `page` link in the newest mail to `to` whose subject matches. */
async function linkToken(to: string, subject: RegExp, page: string): Promise<string> {
  const received = await mail.waitFor(
    (message) => message.to.includes(to) && subject.test(message.subject),
  );
  const link = new RegExp(`https://app\\.example\\.com/a/ioworker-app/${page}\\?token=([a-z0-9]+)`);
  const token = link.exec(received.text)?.[1];
  expect(token, `a ${page} link in “${received.subject}”`).toBeDefined();
  expect(received.html).toContain(`/${page}?token=${token}`);
  return token!;
}

let registered = 0;

async function register(email = uniqueEmail('account')) {
  const reply = await request(api.url, 'POST', '/v1/auth/register', {
    body: { email, password: PASSWORD },
    // Each from its own address: registrations are limited per IP.
    headers: { 'x-forwarded-for': `10.9.${registered % 250}.${(registered += 1) % 250}` },
  });
  expect(reply.status).toBe(201);
  return { email, token: reply.body.token as string };
}

const newAddress = async () => getAddressFromPublicKey((await generateKeyPair()).publicKey);

describe('email verification', () => {
  it('mails a link at registration; until it is used a wallet cannot be set; the link works once', async () => {
    const user = await register();
    const me = await request(api.url, 'GET', '/v1/me', { bearer: user.token });
    expect(me.body.emailVerified).toBe(false);
    const refused = await request(api.url, 'PUT', '/v1/wallet', {
      bearer: user.token,
      body: { address: await newAddress(), password: PASSWORD },
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('email_unverified');

    const token = await linkToken(user.email, /Confirm your address/, 'verify-email');
    const verified = await request(api.url, 'POST', '/v1/auth/verify-email', { body: { token } });
    expect(verified.status).toBe(204);
    expect(
      (await request(api.url, 'GET', '/v1/me', { bearer: user.token })).body.emailVerified,
    ).toBe(true);
    const again = await request(api.url, 'POST', '/v1/auth/verify-email', { body: { token } });
    expect(again.status).toBe(400);
    expect(again.body.error.code).toBe('invalid_token');
    const set = await request(api.url, 'PUT', '/v1/wallet', {
      bearer: user.token,
      body: { address: await newAddress(), password: PASSWORD },
    });
    expect(set.status).toBe(200);
  });

  it('re-sends at most 3 links an hour, even to 10 parallel requests', async () => {
    const user = await register();
    const statuses = (
      await Promise.all(
        Array.from({ length: 10 }, () =>
          request(api.url, 'POST', '/v1/auth/verify-email/resend', { bearer: user.token }),
        ),
      )
    ).map((reply) => reply.status);
    // The registration's link is the first of the three.
    expect(statuses.filter((status) => status === 202)).toHaveLength(2);
    expect(statuses.filter((status) => status === 429)).toHaveLength(8);
  });

  it('counts an address as verified without SMTP_URL, and lets an admin verify one', async () => {
    const plain = await startTestApi();
    try {
      const reply = await request(plain.url, 'POST', '/v1/auth/register', {
        body: { email: uniqueEmail('nomail'), password: PASSWORD },
      });
      const me = await request(plain.url, 'GET', '/v1/me', { bearer: reply.body.token });
      expect(me.body.emailVerified).toBe(true);
    } finally {
      await plain.close();
    }
    const user = await register();
    const path = '/v1/admin/accounts/email-verified';
    const anonymous = await request(api.url, 'POST', path, { body: { email: user.email } });
    expect(anonymous.status).toBe(401);
    const admin = await request(api.url, 'POST', path, {
      bearer: ROLE_TOKENS.ADMIN_TOKEN,
      body: { email: user.email },
    });
    expect(admin.status).toBe(204);
    expect(
      (await request(api.url, 'GET', '/v1/me', { bearer: user.token })).body.emailVerified,
    ).toBe(true);
  });
});

describe('password reset', () => {
  it('answers the same for an unknown address and mails nothing to it', async () => {
    const unknown = uniqueEmail('nobody');
    const reply = await request(api.url, 'POST', '/v1/auth/password-reset', {
      body: { email: unknown },
    });
    expect(reply.status).toBe(202);
    expect(reply.body).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(mail.messages().filter((message) => message.to.includes(unknown))).toEqual([]);
  });

  it('sets a new password once with the mailed link, ending every session', async () => {
    const user = await register();
    const asked = await request(api.url, 'POST', '/v1/auth/password-reset', {
      body: { email: user.email },
    });
    expect(asked.status).toBe(202);
    const token = await linkToken(user.email, /Reset your IO Worker password/, 'reset-password');
    const newPassword = 'a brand new passphrase 42';
    const attempts = await Promise.all(
      Array.from({ length: 5 }, () =>
        request(api.url, 'POST', '/v1/auth/password-reset/confirm', {
          body: { token, newPassword },
        }),
      ),
    );
    expect(attempts.map((reply) => reply.status).sort()).toEqual([204, 400, 400, 400, 400]);
    expect((await request(api.url, 'GET', '/v1/me', { bearer: user.token })).status).toBe(401);
    const old = await request(api.url, 'POST', '/v1/auth/login', {
      body: { email: user.email, password: PASSWORD },
    });
    expect(old.status).toBe(401);
    const fresh = await request(api.url, 'POST', '/v1/auth/login', {
      body: { email: user.email, password: newPassword },
    });
    expect(fresh.status).toBe(200);
  });

  it('refuses an expired link, and limits requests per address', async () => {
    const user = await register();
    await request(api.url, 'POST', '/v1/auth/password-reset', { body: { email: user.email } });
    const token = await linkToken(user.email, /Reset your IO Worker password/, 'reset-password');
    await api.db
      .updateTable('account_tokens')
      .set({ expires_at: sql<Date>`now() - interval '1 second'` })
      .where('purpose', '=', 'password_reset')
      .execute();
    const late = await request(api.url, 'POST', '/v1/auth/password-reset/confirm', {
      body: { token, newPassword: 'another passphrase 77' },
    });
    expect(late.status).toBe(400);
    const more = [];
    for (let attempt = 0; attempt < 3; attempt += 1) {
      more.push(
        (
          await request(api.url, 'POST', '/v1/auth/password-reset', {
            body: { email: user.email },
            headers: { 'x-forwarded-for': `198.51.100.${attempt + 1}` },
          })
        ).status,
      );
    }
    expect(more).toEqual([202, 202, 429]);
  });

  it('refuses the address itself as the new password, and keeps the link usable', async () => {
    const user = await register();
    await request(api.url, 'POST', '/v1/auth/password-reset', { body: { email: user.email } });
    const token = await linkToken(user.email, /Reset your IO Worker password/, 'reset-password');
    const same = await request(api.url, 'POST', '/v1/auth/password-reset/confirm', {
      body: { token, newPassword: user.email },
    });
    expect(same.status).toBe(400);
    expect(same.body.error.message).toMatch(/^newPassword: must not be your email address/);
    const good = await request(api.url, 'POST', '/v1/auth/password-reset/confirm', {
      body: { token, newPassword: 'a proper passphrase 31' },
    });
    expect(good.status).toBe(204);
  });

  it('keeps only the hash of a token', async () => {
    const user = await register();
    await request(api.url, 'POST', '/v1/auth/password-reset', { body: { email: user.email } });
    const token = await linkToken(user.email, /Reset your IO Worker password/, 'reset-password');
    const rows = await api.db.selectFrom('account_tokens').select('token_hash').execute();
    expect(rows.some((row) => row.token_hash.includes(token))).toBe(false);
  });
});

describe('email change', () => {
  it('needs the password, is confirmed from the new address and announced to the old one', async () => {
    const user = await register();
    const newEmail = uniqueEmail('moved');
    const wrong = await request(api.url, 'POST', '/v1/me/email', {
      bearer: user.token,
      body: { newEmail, password: 'not the password' },
    });
    expect(wrong.status).toBe(403);
    const asked = await request(api.url, 'POST', '/v1/me/email', {
      bearer: user.token,
      body: { newEmail, password: PASSWORD },
    });
    expect(asked.status).toBe(202);
    const notice = await mail.waitFor(
      (message) => message.to.includes(user.email) && /is being changed/.test(message.subject),
    );
    expect(notice.text).toContain(newEmail);
    const token = await linkToken(newEmail, /Confirm your new address/, 'confirm-email');
    const confirmed = await request(api.url, 'POST', '/v1/auth/email-change/confirm', {
      body: { token },
    });
    expect(confirmed.status).toBe(204);
    const me = await request(api.url, 'GET', '/v1/me', { bearer: user.token });
    expect(me.body).toMatchObject({ email: newEmail, emailVerified: true });
    await mail.waitFor(
      (message) => message.to.includes(user.email) && /was changed/.test(message.subject),
    );
  });

  it('a new password voids a pending change of address: a thief with the password cannot finish it', async () => {
    const user = await register();
    const thiefAddress = uniqueEmail('thief');
    await request(api.url, 'POST', '/v1/me/email', {
      bearer: user.token,
      body: { newEmail: thiefAddress, password: PASSWORD },
    });
    const token = await linkToken(thiefAddress, /Confirm your new address/, 'confirm-email');
    const changed = await request(api.url, 'POST', '/v1/me/password', {
      bearer: user.token,
      body: { currentPassword: PASSWORD, newPassword: 'the owner took it back 9' },
    });
    expect(changed.status).toBe(204);
    const late = await request(api.url, 'POST', '/v1/auth/email-change/confirm', {
      body: { token },
    });
    expect(late.status).toBe(400);
    const me = await request(api.url, 'GET', '/v1/me', { bearer: user.token });
    expect(me.body.email).toBe(user.email);
  });

  it('a new address voids a reset link mailed to the old one', async () => {
    const user = await register();
    await request(api.url, 'POST', '/v1/auth/password-reset', { body: { email: user.email } });
    const reset = await linkToken(user.email, /Reset your IO Worker password/, 'reset-password');
    const newEmail = uniqueEmail('fresh');
    await request(api.url, 'POST', '/v1/me/email', {
      bearer: user.token,
      body: { newEmail, password: PASSWORD },
    });
    const confirm = await linkToken(newEmail, /Confirm your new address/, 'confirm-email');
    expect(
      (
        await request(api.url, 'POST', '/v1/auth/email-change/confirm', {
          body: { token: confirm },
        })
      ).status,
    ).toBe(204);
    const late = await request(api.url, 'POST', '/v1/auth/password-reset/confirm', {
      body: { token: reset, newPassword: 'from the old mailbox 42' },
    });
    expect(late.status).toBe(400);
  });

  it("refuses another account's address", async () => {
    const [user, other] = [await register(), await register()];
    const taken = await request(api.url, 'POST', '/v1/me/email', {
      bearer: user.token,
      body: { newEmail: other.email, password: PASSWORD },
    });
    expect(taken.status).toBe(409);
  });
});

describe('a new sign-in alert', () => {
  it('carries a single-use link that ends the new session', async () => {
    const user = await register();
    await request(api.url, 'POST', '/v1/notification-channels', {
      bearer: user.token,
      body: { kind: 'webhook', target: `${receiver.url}/new-login` },
    });
    const intruder = await request(api.url, 'POST', '/v1/auth/login', {
      body: { email: user.email, password: PASSWORD },
      headers: { 'x-forwarded-for': '192.0.2.66', 'user-agent': 'curl/8.5.0' },
    });
    expect(intruder.status).toBe(200);
    const alert = await waitFor(
      'the alert',
      async () => receiver.requests.find((recorded) => recorded.path === '/new-login'),
      10_000,
    );
    const token = /end-session\?token=([a-z0-9]+)/.exec(JSON.parse(alert.body).message)?.[1];
    expect(token).toBeDefined();
    const ended = await request(api.url, 'POST', '/v1/auth/sessions/end', { body: { token } });
    expect(ended.status).toBe(204);
    expect((await request(api.url, 'GET', '/v1/me', { bearer: intruder.body.token })).status).toBe(
      401,
    );
    expect((await request(api.url, 'GET', '/v1/me', { bearer: user.token })).status).toBe(200);
    const reused = await request(api.url, 'POST', '/v1/auth/sessions/end', { body: { token } });
    expect(reused.status).toBe(400);
  });
});
