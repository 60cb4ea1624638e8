import { waitFor } from '@ioworker/tools/test/stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerUser, request } from '../../test/http.js';
import { startTestApi, type TestApi } from '../../test/test-api.js';
import { startFakeTelegram, type FakeTelegram } from './senders/test/fake-telegram.js';

const TOKEN = '123456:test-bot-token-abcdefghijklmnop';

let telegram: FakeTelegram;
let api: TestApi;

beforeAll(async () => {
  telegram = await startFakeTelegram(TOKEN);
  api = await startTestApi({
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_API_URL: telegram.url,
    DELIVERY_POLL_MS: '50',
  });
});
afterAll(async () => {
  await api.close();
  await telegram.close();
});

describe('Telegram channels', () => {
  it('remove any webhook before long polling, since getUpdates is refused while one is set', async () => {
    const methods = () => telegram.calls.map((call) => call.method);
    await waitFor(
      'a poll',
      async () => (methods().includes('getUpdates') ? true : undefined),
      10_000,
    );
    expect(methods().indexOf('deleteWebhook')).toBeGreaterThanOrEqual(0);
    expect(methods().indexOf('deleteWebhook')).toBeLessThan(methods().indexOf('getUpdates'));
    expect(methods().filter((method) => method === 'deleteWebhook')).toHaveLength(1);
    expect(methods()).not.toContain('setWebhook');
  });

  it('have no webhook route while PUBLIC_URL is http', async () => {
    const reply = await request(api.url, 'POST', '/v1/telegram/webhook', {
      body: telegram.update('/start whatever', 1),
      headers: { 'x-telegram-bot-api-secret-token': 'anything' },
    });
    expect(reply.status).toBe(404);
  });

  it('link the chat that sends /start <code> from the link, then take test messages', async () => {
    const user = await registerUser(api.url);
    const created = await request(api.url, 'POST', '/v1/notification-channels', {
      bearer: user.token,
      body: { kind: 'telegram' },
    });
    expect(created.status).toBe(201);
    const code = /^https:\/\/t\.me\/ioworker_test_bot\?start=([a-z0-9]+)$/.exec(
      created.body.linkUrl as string,
    )?.[1];
    expect(code).toBeDefined();
    expect(created.body.verified).toBe(false);

    telegram.send('/start not-the-code-at-all-0000000', 111);
    telegram.send(`/start ${code}`, 987654321);
    const channel = await waitFor(
      'the linked channel',
      async () => {
        const list = await request(api.url, 'GET', '/v1/notification-channels', {
          bearer: user.token,
        });
        const [first] = list.body.channels as { verified: boolean; target: string }[];
        return first?.verified ? first : undefined;
      },
      10_000,
    );
    expect(channel).toMatchObject({ verified: true, target: 'chat …4321' });

    await request(api.url, 'POST', `/v1/notification-channels/${created.body.id}/test`, {
      bearer: user.token,
    });
    await waitFor(
      'two messages',
      async () => (telegram.sent.length >= 2 ? true : undefined),
      10_000,
    );
    expect(telegram.sent.map((message) => String(message.chat_id))).toEqual([
      '987654321',
      '987654321',
    ]);
    expect(telegram.sent[1]?.text).toContain('Test message');
  });
});
