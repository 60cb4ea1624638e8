import { createHmac } from 'node:crypto';
import { waitFor } from '@ioworker/tools/test/stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../config.js';
import { registerUser, request } from '../../test/http.js';
import { startTestApi, type TestApi } from '../../test/test-api.js';
import { startFakeTelegram, type FakeTelegram } from './senders/test/fake-telegram.js';
import { telegramWebhookFor } from './telegram-webhook.js';

const TOKEN = '123456:test-bot-token-abcdefghijklmnop';
const PUBLIC_URL = 'https://ioworker.example.com';
// Written out here rather than imported, so the test pins the derivation Telegram was given.
const SECRET = createHmac('sha256', TOKEN).update('ioworker telegram webhook').digest('hex');

let telegram: FakeTelegram;
let api: TestApi;

beforeAll(async () => {
  telegram = await startFakeTelegram(TOKEN);
  api = await startTestApi({
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_API_URL: telegram.url,
    PUBLIC_URL,
    DELIVERY_POLL_MS: '50',
    DELIVERY_GROUP_MS: '0',
  });
});
afterAll(async () => {
  await api.close();
  await telegram.close();
});

function postUpdate(body: unknown, secret?: string, rawBody?: string) {
  return request(api.url, 'POST', '/v1/telegram/webhook', {
    ...(rawBody === undefined ? { body } : { rawBody }),
    headers: secret === undefined ? {} : { 'x-telegram-bot-api-secret-token': secret },
  });
}

/** A new account with a Telegram channel waiting for its link code. */
async function waitingChannel() {
  const user = await registerUser(api.url);
  const created = await request(api.url, 'POST', '/v1/notification-channels', {
    bearer: user.token,
    body: { kind: 'telegram' },
  });
  expect(created.status).toBe(201);
  const code = /start=([a-z0-9]+)$/.exec(created.body.linkUrl as string)?.[1];
  expect(code).toBeDefined();
  const channel = async () => {
    const list = await request(api.url, 'GET', '/v1/notification-channels', {
      bearer: user.token,
    });
    return (list.body.channels as { verified: boolean; target: string }[])[0];
  };
  return { id: created.body.id as string, code: code!, channel };
}

function sentTo(chatId: number) {
  return telegram.sent.filter((message) => String(message.chat_id) === String(chatId));
}

async function linkedDeliveries(channelId: string): Promise<number> {
  const rows = await api.db
    .selectFrom('notification_deliveries')
    .select('message')
    .where('channel_id', '=', channelId)
    .execute();
  return rows.filter((row) => (row.message as { event?: string }).event === 'channel.linked')
    .length;
}

describe('telegramWebhookFor', () => {
  const env = { TELEGRAM_BOT_TOKEN: TOKEN };
  it('is on only with a bot token and an https PUBLIC_URL', () => {
    expect(telegramWebhookFor(parseConfig({ ...env, PUBLIC_URL }))).toEqual({
      url: `${PUBLIC_URL}/v1/telegram/webhook`,
      secret: SECRET,
    });
    expect(telegramWebhookFor(parseConfig({ ...env, PUBLIC_URL: 'http://a.example' }))).toBe(
      undefined,
    );
    expect(telegramWebhookFor(parseConfig({ PUBLIC_URL }))).toBe(undefined);
  });
});

describe('Telegram webhook', () => {
  it('is registered at start-up with the derived secret, and Telegram is never polled', async () => {
    const call = await waitFor(
      'setWebhook',
      async () => telegram.calls.find((each) => each.method === 'setWebhook'),
      10_000,
    );
    expect(call.body).toEqual({
      url: `${PUBLIC_URL}/v1/telegram/webhook`,
      secret_token: SECRET,
      allowed_updates: ['message'],
    });
    expect(SECRET).toMatch(/^[A-Za-z0-9_-]{1,256}$/);
    // The poller would have run many times in this while (DELIVERY_POLL_MS is 50).
    await new Promise((resolve) => setTimeout(resolve, 300));
    const methods = telegram.calls.map((each) => each.method);
    expect(methods).not.toContain('getUpdates');
    expect(methods).not.toContain('deleteWebhook');
  });

  it('refuses updates without the right secret and links nothing', async () => {
    const waiting = await waitingChannel();
    const update = telegram.update(`/start ${waiting.code}`, 700000001);
    const missing = await postUpdate(update);
    expect(missing.status).toBe(401);
    expect(missing.body.error.code).toBe('unauthorized');
    expect((await postUpdate(update, 'x'.repeat(SECRET.length))).status).toBe(401);
    expect((await postUpdate(update, `${SECRET}x`)).status).toBe(401);
    expect(await waiting.channel()).toMatchObject({ verified: false });
    expect(await linkedDeliveries(waiting.id)).toBe(0);
  });

  it('links the chat that posts /start <code> and sends it the confirmation', async () => {
    const waiting = await waitingChannel();
    const reply = await postUpdate(telegram.update(`/start ${waiting.code}`, 987650001), SECRET);
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ ok: true });
    expect(await waiting.channel()).toMatchObject({ verified: true, target: 'chat …0001' });
    const [message] = await waitFor(
      'the linked message',
      async () => (sentTo(987650001).length > 0 ? sentTo(987650001) : undefined),
      10_000,
    );
    expect(message?.text).toContain('IO Worker is linked');
  });

  it('links once when Telegram posts the same update twice at once, and again later', async () => {
    const waiting = await waitingChannel();
    const update = telegram.update(`/start ${waiting.code}`, 987650002);
    const replies = await Promise.all([postUpdate(update, SECRET), postUpdate(update, SECRET)]);
    expect(replies.map((reply) => reply.status)).toEqual([200, 200]);
    expect((await postUpdate(update, SECRET)).status).toBe(200);
    expect(await waiting.channel()).toMatchObject({ verified: true });
    expect(await linkedDeliveries(waiting.id)).toBe(1);
    await waitFor('the linked message', async () => sentTo(987650002)[0], 10_000);
    // The worker polls every 50 ms: a second message would have left by now.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(sentTo(987650002)).toHaveLength(1);
  });

  it('refuses a malformed update with a 400 that names the field', async () => {
    const noId = await postUpdate({ message: { chat: { id: 1 }, text: 'hi' } }, SECRET);
    expect(noId.status).toBe(400);
    expect(noId.body.error.message).toContain('update_id: is required');
    const noChat = await postUpdate({ update_id: 5, message: { text: 'hi' } }, SECRET);
    expect(noChat.status).toBe(400);
    expect(noChat.body.error.message).toContain('message.chat: is required');
    const notJson = await postUpdate(undefined, SECRET, '{"update_id":');
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.code).toBe('invalid_json');
  });

  it('answers 200 to updates with nothing to link', async () => {
    const sticker = { update_id: 9001, message: { chat: { id: 5 }, sticker: {} } };
    expect((await postUpdate(sticker, SECRET)).status).toBe(200);
    expect((await postUpdate({ update_id: 9002, my_chat_member: {} }, SECRET)).status).toBe(200);
    const text = telegram.update('hello bot', 5);
    expect((await postUpdate(text, SECRET)).status).toBe(200);
  });

  it('refuses a body over 64 KiB with 413', async () => {
    const big = telegram.update(`/start ${'a'.repeat(70 * 1024)}`, 5);
    const reply = await postUpdate(big, SECRET);
    expect(reply.status).toBe(413);
    expect(reply.body.error.code).toBe('payload_too_large');
  });
});
