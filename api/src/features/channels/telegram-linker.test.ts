import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitFor } from '@ioworker/tools/test/stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerUser, request } from '../../test/http.js';
import { startTestApi, type TestApi } from '../../test/test-api.js';

const TOKEN = '123456:test-bot-token-abcdefghijklmnop';

/** A local server shaped like Telegram's Bot API: getMe, getUpdates (a queue), sendMessage. */
function startTelegram() {
  const updates: unknown[] = [];
  const sent: { chat_id: string; text: string }[] = [];
  let nextUpdateId = 1;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const method = req.url?.split('/').pop();
      const json = (result: unknown) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: true, result }));
      };
      if (!req.url?.startsWith(`/bot${TOKEN}/`)) {
        res.writeHead(401).end(JSON.stringify({ ok: false, error_code: 401 }));
      } else if (method === 'getMe')
        json({ id: 123456, is_bot: true, username: 'ioworker_test_bot' });
      else if (method === 'getUpdates') {
        const offset = Number((JSON.parse(body || '{}') as { offset?: number }).offset ?? 0);
        json(updates.filter((update) => (update as { update_id: number }).update_id >= offset));
      } else if (method === 'sendMessage') {
        sent.push(JSON.parse(body) as { chat_id: string; text: string });
        json({ message_id: sent.length });
      } else res.writeHead(404).end();
    });
  });
  return new Promise<{
    url: string;
    send(text: string, chatId: number): void;
    sent: typeof sent;
    close(): Promise<void>;
  }>((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        send: (text, chatId) =>
          updates.push({ update_id: nextUpdateId++, message: { chat: { id: chatId }, text } }),
        sent,
        close: () => new Promise((done) => server.close(() => done())),
      }),
    ),
  );
}

let telegram: Awaited<ReturnType<typeof startTelegram>>;
let api: TestApi;

beforeAll(async () => {
  telegram = await startTelegram();
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
