import { startMailCatcher, type RunningMailCatcher } from '@ioworker/tools/local-services';
import { waitFor } from '@ioworker/tools/test/stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDevice,
  registerUser,
  request,
  type TestUser,
  WALLET_ADDRESS,
} from '../../test/http.js';
import { ROLE_TOKENS, startTestApi, type TestApi } from '../../test/test-api.js';
import { verifyWebhookSignature } from './senders/index.js';
import { startReceiver, type Receiver } from './senders/test/receiver.js';

let api: TestApi;
let mail: RunningMailCatcher;
let receiver: Receiver;
let owner: TestUser;

beforeAll(async () => {
  mail = await startMailCatcher();
  receiver = await startReceiver();
  api = await startTestApi({
    SMTP_URL: mail.url,
    WEBHOOK_ALLOW_PRIVATE: 'true',
    DELIVERY_POLL_MS: '50',
    DELIVERY_MIN_BACKOFF_MS: '100',
  });
  owner = await registerUser(api.url);
});
afterAll(async () => {
  await api.close();
  await receiver.close();
  await mail.stop();
});

type Channel = {
  id: string;
  target: string;
  verified: boolean;
  secret?: string;
  lastDelivery: { ok: boolean; error: string | null } | null;
};

async function addChannel(user: TestUser, body: Record<string, unknown>) {
  return request(api.url, 'POST', '/v1/notification-channels', { bearer: user.token, body });
}

describe('webhook channels', () => {
  it('shows the signing secret once, masks the URL, and signs a test message', async () => {
    const url = `${receiver.url}/hooks/ioworker-secret-path`;
    const created = await addChannel(owner, { kind: 'webhook', name: 'Ops', target: url });
    expect(created.status).toBe(201);
    const channel = created.body as Channel;
    expect(channel.secret).toMatch(/^whsec_/);
    expect(channel.target).not.toContain('ioworker-secret-path');

    const list = await request(api.url, 'GET', '/v1/notification-channels', {
      bearer: owner.token,
    });
    expect(JSON.stringify(list.body)).not.toContain(channel.secret);
    expect(JSON.stringify(list.body)).not.toContain('ioworker-secret-path');

    const test = await request(api.url, 'POST', `/v1/notification-channels/${channel.id}/test`, {
      bearer: owner.token,
    });
    expect(test.status).toBe(202);
    const delivered = await waitFor(
      'the test message',
      async () =>
        receiver.requests.find((r) => r.headers['x-ioworker-delivery'] === test.body.deliveryId),
      10_000,
    );
    const signature = String(delivered.headers['x-ioworker-signature']);
    expect(verifyWebhookSignature(channel.secret!, signature, delivered.body)).toBe(true);
    expect(JSON.parse(delivered.body)).toMatchObject({
      id: test.body.deliveryId,
      event: 'channel.test',
    });
    const after = await waitFor(
      'the delivery outcome',
      async () => {
        const reply = await request(api.url, 'GET', '/v1/notification-channels', {
          bearer: owner.token,
        });
        const found = (reply.body.channels as Channel[]).find((c) => c.id === channel.id);
        return found?.lastDelivery ? found : undefined;
      },
      10_000,
    );
    expect(after.lastDelivery).toMatchObject({ ok: true });
  });

  it('retries a 503 and honours a 429 Retry-After, with the same delivery id each time', async () => {
    const created = await addChannel(owner, { kind: 'webhook', target: `${receiver.url}/flaky` });
    const answers = [
      { status: 503 },
      { status: 429, headers: { 'retry-after': '1' } },
      { status: 204 },
    ];
    const times: number[] = [];
    receiver.answer((recorded) => {
      if (!recorded.path.startsWith('/flaky')) return { status: 204 };
      times.push(Date.now());
      return answers.shift() ?? { status: 204 };
    });
    const test = await request(
      api.url,
      'POST',
      `/v1/notification-channels/${created.body.id}/test`,
      {
        bearer: owner.token,
      },
    );
    await waitFor('three attempts', async () => (times.length >= 3 ? true : undefined), 10_000);
    const ids = receiver.requests
      .filter((r) => r.path.startsWith('/flaky'))
      .map((r) => r.headers['x-ioworker-delivery']);
    expect(new Set(ids)).toEqual(new Set([test.body.deliveryId]));
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(950);
    receiver.answer({ status: 204 });
  });

  it('delivers an in-app notification (a wallet change) to the channel', async () => {
    const user = await registerUser(api.url);
    await addChannel(user, { kind: 'webhook', target: `${receiver.url}/wallet-${user.id}` });
    // This API mails (SMTP_URL), so a payout address needs a verified email first.
    await request(api.url, 'POST', '/v1/admin/accounts/email-verified', {
      bearer: ROLE_TOKENS.ADMIN_TOKEN,
      body: { email: user.email },
    });
    const wallet = await request(api.url, 'PUT', '/v1/wallet', {
      bearer: user.token,
      body: {
        address: WALLET_ADDRESS,
        password: 'correct horse battery',
      },
    });
    expect(wallet.status).toBe(200);
    const delivered = await waitFor(
      'the wallet notification',
      async () => receiver.requests.find((r) => r.path === `/wallet-${user.id}`),
      10_000,
    );
    expect(JSON.parse(delivered.body)).toMatchObject({ event: 'wallet.changed', status: 'firing' });
  });
});

describe('email channels', () => {
  it('verifies by the code sent to the address, then takes test messages', async () => {
    const created = await addChannel(owner, { kind: 'email', target: 'Rig.Owner@Example.com' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ verified: false, target: 'r***@example.com' });
    const verification = await mail.waitFor((m) => m.to.includes('rig.owner@example.com'));
    const code = /(\d{6})/.exec(verification.subject)![1]!;
    expect(verification.text).toContain(code);

    const path = `/v1/notification-channels/${created.body.id}`;
    const early = await request(api.url, 'POST', `${path}/test`, { bearer: owner.token });
    expect(early.status).toBe(409);
    const wrong = code === '000000' ? '111111' : '000000';
    const refused = await request(api.url, 'POST', `${path}/verify`, {
      bearer: owner.token,
      body: { code: wrong },
    });
    expect(refused).toMatchObject({ status: 400, body: { error: { code: 'invalid_code' } } });
    const verified = await request(api.url, 'POST', `${path}/verify`, {
      bearer: owner.token,
      body: { code },
    });
    expect(verified).toMatchObject({ status: 200, body: { verified: true } });

    await request(api.url, 'POST', `${path}/test`, { bearer: owner.token });
    const test = await mail.waitFor((m) => m.subject.includes('Test message'));
    expect(test.text).toContain('Alerts for your GPU nodes');
    expect(test.html).toContain('Alerts for your GPU nodes');
  });

  it('counts parallel wrong codes: no more than five are ever checked', async () => {
    const created = await addChannel(owner, { kind: 'email', target: 'guess@example.com' });
    const verification = await mail.waitFor((m) => m.to.includes('guess@example.com'));
    const code = /(\d{6})/.exec(verification.subject)![1]!;
    const guesses = Array.from({ length: 12 }, (_, i) =>
      String((Number(code) + 1 + i) % 1_000_000).padStart(6, '0'),
    );
    const replies = await Promise.all(
      guesses.map((guess) =>
        request(api.url, 'POST', `/v1/notification-channels/${created.body.id}/verify`, {
          bearer: owner.token,
          body: { code: guess },
        }),
      ),
    );
    expect(replies.filter((r) => r.body.error?.code === 'invalid_code')).toHaveLength(5);
    const late = await request(
      api.url,
      'POST',
      `/v1/notification-channels/${created.body.id}/verify`,
      {
        bearer: owner.token,
        body: { code },
      },
    );
    expect(late.body.error.code).toBe('code_expired');
  });
});

describe('channel security', () => {
  it("answers 404 for another account's channel", async () => {
    const created = await addChannel(owner, { kind: 'webhook', target: `${receiver.url}/mine` });
    const stranger = await registerUser(api.url);
    const path = `/v1/notification-channels/${created.body.id}`;
    for (const [method, suffix, body] of [
      ['PATCH', '', { enabled: false }],
      ['DELETE', '', undefined],
      ['POST', '/test', undefined],
      ['POST', '/verify', { code: '123456' }],
    ] as const) {
      const reply = await request(api.url, method, `${path}${suffix}`, {
        bearer: stranger.token,
        body,
      });
      expect(reply.status, `${method} ${suffix}`).toBe(404);
    }
  });

  it('refuses URLs that reach loopback, private, link-local or metadata addresses', async () => {
    const strict = await startTestApi({ SMTP_URL: mail.url });
    try {
      const user = await registerUser(strict.url);
      await createDevice(strict.url, user, 'any');
      for (const target of [
        'https://127.0.0.1/hook',
        'https://[::1]/hook',
        'https://169.254.169.254/latest/meta-data',
        'https://10.0.0.1/hook',
        'https://localhost/hook',
        'https://[::ffff:127.0.0.1]/hook',
      ]) {
        const reply = await request(strict.url, 'POST', '/v1/notification-channels', {
          bearer: user.token,
          body: { kind: 'webhook', target },
        });
        expect(reply.status, target).toBe(400);
        expect(reply.body.error.code, target).toBe('private_address');
      }
      const plain = await request(strict.url, 'POST', '/v1/notification-channels', {
        bearer: user.token,
        body: { kind: 'discord', target: 'http://discord.com/api/webhooks/1/x' },
      });
      expect(plain.body.error.message).toMatch(/https/);
    } finally {
      await strict.close();
    }
  });
});
