import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSenders } from './index.js';
import { alertMessage, startReceiver, type Receiver } from './test/receiver.js';

type Embed = { title: string; description: string; color: number; url?: string };

describe('discord sender', () => {
  let receiver: Receiver;
  const senders = createSenders({ allowPrivateTargets: true, mailFrom: 'alerts@example.com' });
  const send = (message = alertMessage()) =>
    senders.send({ kind: 'discord', target: `${receiver.url}/api/webhooks/1/tok` }, message);
  const lastPayload = () => JSON.parse(receiver.requests.at(-1)!.body) as Record<string, unknown>;
  const lastEmbed = () => (lastPayload().embeds as Embed[])[0]!;

  beforeAll(async () => {
    receiver = await startReceiver();
  });
  beforeEach(() => {
    receiver.requests.length = 0;
    receiver.answer({ status: 204 });
  });
  afterAll(async () => {
    await receiver.close();
    await senders.close();
  });

  it('posts an embed coloured by severity to the URL as given', async () => {
    await expect(send()).resolves.toEqual({ kind: 'sent' });
    expect(receiver.requests[0]!.path).toBe('/api/webhooks/1/tok');
    const payload = lastPayload();
    expect(payload.allowed_mentions).toEqual({ parse: [] });
    expect(lastEmbed()).toMatchObject({
      title: 'Rig 7 is offline',
      color: 0xe02f44,
      timestamp: '2025-03-04T05:06:07.000Z',
      footer: { text: 'IO Worker' },
      url: 'https://app.example.com/devices/dev_1',
    });
    expect(lastEmbed().description).toContain('No heartbeat for 10 minutes.');
    expect(lastEmbed().description).toContain('Rig 7');

    await send(alertMessage({ severity: 'warning' }));
    expect(lastEmbed().color).toBe(0xff9830);
    await send(alertMessage({ severity: 'info', link: undefined }));
    expect(lastEmbed().color).toBe(0x3274d9);
    expect(lastEmbed().url).toBeUndefined();
    await send(alertMessage({ status: 'resolved' }));
    expect(lastEmbed().color).toBe(0x56a64b);
  });

  it('escapes markdown and keeps to the embed limits', async () => {
    await send(
      alertMessage({ title: 'T'.repeat(300), message: `**@everyone** ${'x'.repeat(5000)}` }),
    );
    const embed = lastEmbed();
    expect(embed.title).toHaveLength(256);
    expect(embed.description.length).toBeLessThanOrEqual(4096);
    expect(embed.description).toMatch(/^\\\*\\\*@everyone\\\*\\\*/);
  });

  it('honours the retry_after of a 429 body', async () => {
    receiver.answer({
      status: 429,
      headers: { 'content-type': 'application/json', 'retry-after': '2' },
      body: JSON.stringify({
        message: 'You are being rate limited.',
        retry_after: 1.5,
        global: false,
      }),
    });
    await expect(send()).resolves.toEqual({
      kind: 'retry',
      reason: 'HTTP 429 from 127.0.0.1, Retry-After 1.5 s',
      retryAfterMs: 1500,
    });
  });

  it('accepts the 200 of ?wait=true', async () => {
    receiver.answer({ status: 200, body: '{"id":"1"}' });
    await expect(send()).resolves.toEqual({ kind: 'sent' });
  });
});
