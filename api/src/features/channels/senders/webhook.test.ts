import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSenders } from './index.js';
import { alertMessage, startReceiver, type Receiver } from './test/receiver.js';
import { signWebhookBody, verifyWebhookSignature } from './webhook.js';

const secret = 'whsec_test_secret';

describe('webhook sender', () => {
  let receiver: Receiver;
  const senders = createSenders({ allowPrivateTargets: true, mailFrom: 'alerts@example.com' });

  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver.close();
    await senders.close();
  });

  it('POSTs the signed JSON body with the delivery and event headers', async () => {
    receiver.requests.length = 0;
    const message = alertMessage({ count: 3 });
    const outcome = await senders.send(
      { kind: 'webhook', target: `${receiver.url}/in`, secret },
      message,
    );
    expect(outcome).toEqual({ kind: 'sent' });
    const [request] = receiver.requests;
    expect(request!.path).toBe('/in');
    expect(request!.headers['user-agent']).toBe('IO-Worker-Webhooks/1');
    expect(request!.headers['x-ioworker-delivery']).toBe(message.deliveryId);
    expect(request!.headers['x-ioworker-event']).toBe('device.offline');
    expect(JSON.parse(request!.body)).toEqual({
      id: message.deliveryId,
      event: message.event,
      status: 'firing',
      severity: 'critical',
      occurredAt: message.occurredAt,
      title: message.title,
      message: message.message,
      device: message.device,
      count: 3,
      link: message.link,
    });

    const signature = request!.headers['x-ioworker-signature'] as string;
    expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(secret, signature, request!.body)).toBe(true);
    expect(verifyWebhookSignature('wrong secret', signature, request!.body)).toBe(false);
    expect(verifyWebhookSignature(secret, signature, request!.body.replace('Rig 7', 'Rig 8'))).toBe(
      false,
    );
    const sixMinutesLater = Date.now() + 6 * 60_000;
    expect(verifyWebhookSignature(secret, signature, request!.body, 300, sixMinutesLater)).toBe(
      false,
    );
  });

  it('keeps the delivery id across sends of the same message', async () => {
    receiver.requests.length = 0;
    const message = alertMessage({ deliveryId: 'dlv_same_every_time' });
    const target = { kind: 'webhook' as const, target: receiver.url, secret };
    await senders.send(target, message);
    await senders.send(target, message);
    const ids = receiver.requests.map((request) => request.headers['x-ioworker-delivery']);
    expect(ids).toEqual(['dlv_same_every_time', 'dlv_same_every_time']);
    expect(JSON.parse(receiver.requests[1]!.body).id).toBe('dlv_same_every_time');
  });

  it('fails without a secret, and never shows the secret in a reason', async () => {
    const noSecret = await senders.send({ kind: 'webhook', target: receiver.url }, alertMessage());
    expect(noSecret).toMatchObject({ kind: 'failed' });
    receiver.answer({ status: 401, body: secret });
    const rejected = await senders.send(
      { kind: 'webhook', target: receiver.url, secret },
      alertMessage(),
    );
    expect(rejected).toEqual({ kind: 'failed', reason: 'HTTP 401 from 127.0.0.1' });
  });
});

describe('verifyWebhookSignature', () => {
  const body = '{"id":"dlv_1"}';
  const t = 1_700_000_000;
  const now = t * 1000;

  it('accepts the signature within the tolerance, either side', () => {
    const header = signWebhookBody(secret, body, t);
    expect(verifyWebhookSignature(secret, header, body, 300, now + 299_000)).toBe(true);
    expect(verifyWebhookSignature(secret, header, body, 300, now - 299_000)).toBe(true);
    expect(verifyWebhookSignature(secret, header, body, 300, now + 301_000)).toBe(false);
  });

  it('rejects a missing, malformed or re-timed header', () => {
    const v1 = signWebhookBody(secret, body, t).split(',')[1]!;
    expect(verifyWebhookSignature(secret, undefined, body, 300, now)).toBe(false);
    expect(verifyWebhookSignature(secret, 'garbage', body, 300, now)).toBe(false);
    expect(verifyWebhookSignature(secret, `t=${t},v1=zz`, body, 300, now)).toBe(false);
    expect(verifyWebhookSignature(secret, `t=${t + 1},${v1}`, body, 300, now)).toBe(false);
    expect(verifyWebhookSignature(secret, `t=${t},v1=abcd,${v1}`, body, 300, now)).toBe(true);
  });
});
