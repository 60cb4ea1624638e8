import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An update as Telegram posts it to a webhook or answers it from getUpdates. */
export type RawTelegramUpdate = {
  update_id: number;
  message: { chat: { id: number }; text: string };
};

export type FakeTelegram = {
  url: string;
  /** Every Bot API call, in order: its method and JSON body. */
  calls: { method: string; body: Record<string, unknown> }[];
  /** What the bot sent with sendMessage. */
  sent: { chat_id: string; text: string }[];
  /** A new update with the next update_id, not queued. */
  update(text: string, chatId: number): RawTelegramUpdate;
  /** A new update queued for getUpdates. */
  send(text: string, chatId: number): void;
  close(): Promise<void>;
};

/**
 * A local server shaped like Telegram's Bot API for `token`: getMe, getUpdates (a queue),
 * sendMessage, setWebhook and deleteWebhook. Other tokens get 401.
 */
export function startFakeTelegram(token: string): Promise<FakeTelegram> {
  const queued: RawTelegramUpdate[] = [];
  const calls: FakeTelegram['calls'] = [];
  const sent: FakeTelegram['sent'] = [];
  let nextUpdateId = 1;
  const answer = (method: string, body: Record<string, unknown>): unknown => {
    if (method === 'getMe') return { id: 123456, is_bot: true, username: 'ioworker_test_bot' };
    if (method === 'getUpdates') {
      const offset = Number(body.offset ?? 0);
      return queued.filter((update) => update.update_id >= offset);
    }
    if (method === 'sendMessage') {
      sent.push(body as FakeTelegram['sent'][number]);
      return { message_id: sent.length };
    }
    if (method === 'setWebhook' || method === 'deleteWebhook') return true;
    return undefined;
  };
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => {
      if (!req.url?.startsWith(`/bot${token}/`)) {
        res.writeHead(401).end(JSON.stringify({ ok: false, error_code: 401 }));
        return;
      }
      const method = req.url.split('/').pop() ?? '';
      const body = JSON.parse(text || '{}') as Record<string, unknown>;
      calls.push({ method, body });
      const result = answer(method, body);
      if (result === undefined) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true, result }));
    });
  });
  const update = (text: string, chatId: number): RawTelegramUpdate => ({
    update_id: nextUpdateId++,
    message: { chat: { id: chatId }, text },
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        calls,
        sent,
        update,
        send: (text, chatId) => void queued.push(update(text, chatId)),
        close: () => new Promise((done) => server.close(() => done())),
      }),
    ),
  );
}
