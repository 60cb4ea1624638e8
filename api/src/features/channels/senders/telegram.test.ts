import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSenders, createTelegramBot } from './index.js';
import { alertMessage, closedPort, startReceiver, type Receiver } from './test/receiver.js';

const botToken = '123456:AAH-secret-token';

describe('telegram sender', () => {
  let receiver: Receiver;
  let senders: ReturnType<typeof createSenders>;
  const send = (message = alertMessage()) =>
    senders.send({ kind: 'telegram', target: '-100987' }, message);

  beforeAll(async () => {
    receiver = await startReceiver();
    senders = createSenders({
      // Private targets stay refused: the Bot API URL is operator configuration.
      allowPrivateTargets: false,
      timeoutMs: 200,
      mailFrom: 'alerts@example.com',
      telegram: { apiUrl: `${receiver.url}/`, botToken },
    });
  });
  beforeEach(() => {
    receiver.requests.length = 0;
    receiver.answer({ status: 200, body: JSON.stringify({ ok: true, result: { message_id: 1 } }) });
  });
  afterAll(async () => {
    await receiver.close();
    await senders.close();
  });

  it('sends HTML to the chat through sendMessage', async () => {
    const message = alertMessage({ title: 'Rig <7>', message: 'a & b' });
    await expect(send(message)).resolves.toEqual({ kind: 'sent' });
    const [request] = receiver.requests;
    expect(request!.path).toBe(`/bot${botToken}/sendMessage`);
    const body = JSON.parse(request!.body) as Record<string, unknown>;
    expect(body).toMatchObject({
      chat_id: '-100987',
      parse_mode: 'HTML',
      disable_web_page_preview: true,
    });
    expect(body.text).toMatch(/^<b>Rig &lt;7&gt;<\/b>\n\na &amp; b\n\nFIRING · critical/);
    expect(body.text).toContain('<a href="https://app.example.com/devices/dev_1">');
  });

  it('keeps to 4096 characters', async () => {
    await send(alertMessage({ message: '<'.repeat(5000) }));
    const text = (JSON.parse(receiver.requests[0]!.body) as { text: string }).text;
    expect(text.length).toBeLessThanOrEqual(4096);
    expect(text).toMatch(/(&lt;)+…\n\n/);
  });

  it('retries a 429 after parameters.retry_after', async () => {
    receiver.answer({
      status: 429,
      body: JSON.stringify({
        ok: false,
        error_code: 429,
        description: 'Too Many Requests: retry after 7',
        parameters: { retry_after: 7 },
      }),
    });
    await expect(send()).resolves.toEqual({
      kind: 'retry',
      reason: 'Telegram: Too Many Requests: retry after 7, Retry-After 7 s',
      retryAfterMs: 7000,
    });
  });

  it('fails when the bot is blocked or the chat is unknown, retries a 5xx', async () => {
    const error = (code: number, description: string) =>
      JSON.stringify({ ok: false, error_code: code, description });
    receiver.answer({ status: 403, body: error(403, 'Forbidden: bot was blocked by the user') });
    await expect(send()).resolves.toEqual({
      kind: 'failed',
      reason: 'Telegram: Forbidden: bot was blocked by the user',
    });
    receiver.answer({ status: 400, body: error(400, 'Bad Request: chat not found') });
    await expect(send()).resolves.toMatchObject({ kind: 'failed' });
    receiver.answer({ status: 502, body: '<html>Bad Gateway</html>' });
    await expect(send()).resolves.toEqual({ kind: 'retry', reason: 'Telegram: HTTP 502' });
  });

  it('retries on a timeout or an unreachable API, never naming the token', async () => {
    receiver.answer('hang');
    const timedOut = await send();
    expect(timedOut).toEqual({ kind: 'retry', reason: 'timed out after 0.2 s' });

    const port = await closedPort();
    const offline = createSenders({
      allowPrivateTargets: false,
      mailFrom: 'alerts@example.com',
      telegram: { apiUrl: `http://127.0.0.1:${port}`, botToken },
    });
    const outcome = await offline.send({ kind: 'telegram', target: '1' }, alertMessage());
    expect(outcome).toEqual({ kind: 'retry', reason: 'could not reach Telegram (ECONNREFUSED)' });
  });

  it('fails when Telegram is not configured', async () => {
    const bare = createSenders({ allowPrivateTargets: false, mailFrom: 'alerts@example.com' });
    await expect(bare.send({ kind: 'telegram', target: '1' }, alertMessage())).resolves.toEqual({
      kind: 'failed',
      reason: 'Telegram is not configured on this server',
    });
  });
});

describe('telegram bot', () => {
  let receiver: Receiver;
  let bot: ReturnType<typeof createTelegramBot>;

  beforeAll(async () => {
    receiver = await startReceiver();
    bot = createTelegramBot({ apiUrl: receiver.url, botToken, timeoutMs: 1000 });
  });
  afterAll(() => receiver.close());

  it('reads the bot username', async () => {
    receiver.answer({
      status: 200,
      body: JSON.stringify({ ok: true, result: { username: 'io_bot' } }),
    });
    await expect(bot.getMe()).resolves.toEqual({ username: 'io_bot' });
    expect(receiver.requests.at(-1)!.path).toBe(`/bot${botToken}/getMe`);
  });

  it('returns only message updates with text', async () => {
    const result = [
      { update_id: 10, message: { chat: { id: 42 }, text: '/start abc' } },
      { update_id: 11, message: { chat: { id: 43 }, sticker: {} } },
      { update_id: 12, edited_message: { chat: { id: 44 }, text: 'edited' } },
      { update_id: 13, message: { chat: { id: -100 }, text: 'hello' } },
    ];
    receiver.answer({ status: 200, body: JSON.stringify({ ok: true, result }) });
    await expect(bot.getUpdates(10, 0)).resolves.toEqual([
      { updateId: 10, chatId: '42', text: '/start abc' },
      { updateId: 13, chatId: '-100', text: 'hello' },
    ]);
    expect(JSON.parse(receiver.requests.at(-1)!.body)).toMatchObject({ offset: 10, timeout: 0 });
  });

  it('throws without the token when Telegram refuses', async () => {
    receiver.answer({
      status: 401,
      body: JSON.stringify({ ok: false, error_code: 401, description: 'Unauthorized' }),
    });
    const error = await bot.getMe().catch((caught: Error) => caught);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe('Telegram getMe: Unauthorized');
    expect((error as Error).message).not.toContain(botToken);
  });
});
