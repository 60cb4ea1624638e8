import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSenders } from './index.js';
import { alertMessage, startReceiver, type Receiver } from './test/receiver.js';

type Block = { type: string; text?: { type: string; text: string }; elements?: { text: string }[] };

describe('slack sender', () => {
  let receiver: Receiver;
  const senders = createSenders({ allowPrivateTargets: true, mailFrom: 'alerts@example.com' });
  const send = (message = alertMessage()) =>
    senders.send({ kind: 'slack', target: `${receiver.url}/services/T/B/x` }, message);
  const lastBlocks = () =>
    (JSON.parse(receiver.requests.at(-1)!.body) as { blocks: Block[] }).blocks;

  beforeAll(async () => {
    receiver = await startReceiver();
  });
  beforeEach(() => {
    receiver.requests.length = 0;
    receiver.answer({ status: 200, body: 'ok' });
  });
  afterAll(async () => {
    await receiver.close();
    await senders.close();
  });

  it('posts a header, an escaped section and a context line', async () => {
    const message = alertMessage({ message: 'temp > 90 & rising <@U123>' });
    await expect(send(message)).resolves.toEqual({ kind: 'sent' });
    const payload = JSON.parse(receiver.requests[0]!.body) as { text: string; blocks: Block[] };
    expect(payload.text).toContain('Rig 7 is offline');
    const [header, section, context] = payload.blocks;
    expect(header).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: 'Rig 7 is offline' },
    });
    expect(section!.text!.type).toBe('mrkdwn');
    expect(section!.text!.text).toContain('temp &gt; 90 &amp; rising &lt;@U123&gt;');
    expect(section!.text!.text).toContain(
      '<https://app.example.com/devices/dev_1|Open in IO Worker>',
    );
    expect(context!.elements![0]!.text).toBe('FIRING · critical · 2025-03-04 05:06 UTC · Rig 7');
  });

  it('keeps to the block limits', async () => {
    await send(alertMessage({ title: 'T'.repeat(200), message: '&'.repeat(4000) }));
    const [header, section] = lastBlocks();
    expect(header!.text!.text).toHaveLength(150);
    expect(section!.text!.text.length).toBeLessThanOrEqual(3000);
    expect(section!.text!.text).toMatch(/^(&amp;)+…/);
  });

  it('fails on invalid_token and no_service, naming the code', async () => {
    receiver.answer({ status: 403, body: 'invalid_token' });
    await expect(send()).resolves.toEqual({
      kind: 'failed',
      reason: 'HTTP 403 from 127.0.0.1: invalid_token',
    });
    receiver.answer({ status: 404, body: 'no_service' });
    await expect(send()).resolves.toEqual({
      kind: 'failed',
      reason: 'HTTP 404 from 127.0.0.1: no_service',
    });
  });
});
