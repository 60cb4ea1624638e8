import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelKind } from '../channel-message.js';
import { createSenders } from './index.js';
import { alertMessage, closedPort, startReceiver, type Receiver } from './test/receiver.js';

// The same HTTP rules hold for every channel that POSTs to a user's URL.
describe.each<ChannelKind>(['webhook', 'discord', 'slack'])('%s over HTTP', (kind) => {
  let receiver: Receiver;
  const senders = createSenders({ allowPrivateTargets: true, mailFrom: 'alerts@example.com' });
  const send = (url: string) =>
    senders.send({ kind, target: url, secret: 's3cret' }, alertMessage());

  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterEach(() => {
    receiver.requests.length = 0;
    receiver.answer({ status: 204 });
  });
  afterAll(async () => {
    await receiver.close();
    await senders.close();
  });

  it('is sent on a 2xx', async () => {
    receiver.answer({ status: 200, body: 'ok' });
    await expect(send(receiver.url)).resolves.toEqual({ kind: 'sent' });
    expect(receiver.requests[0]).toMatchObject({ method: 'POST' });
    expect(receiver.requests[0]!.headers['content-type']).toBe('application/json');
  });

  it('retries a 429 after Retry-After seconds', async () => {
    receiver.answer({ status: 429, headers: { 'retry-after': '30' } });
    await expect(send(receiver.url)).resolves.toEqual({
      kind: 'retry',
      reason: 'HTTP 429 from 127.0.0.1, Retry-After 30 s',
      retryAfterMs: 30_000,
    });
  });

  it('retries a 429 after a Retry-After HTTP date', async () => {
    const date = new Date(Date.now() + 120_000).toUTCString();
    receiver.answer({ status: 429, headers: { 'retry-after': date } });
    const outcome = await send(receiver.url);
    expect(outcome.kind).toBe('retry');
    const delay = outcome.kind === 'retry' ? outcome.retryAfterMs : undefined;
    expect(delay).toBeGreaterThan(115_000);
    expect(delay).toBeLessThanOrEqual(120_000);
  });

  it('retries a 500 and fails a 404', async () => {
    receiver.answer({ status: 500 });
    await expect(send(receiver.url)).resolves.toMatchObject({ kind: 'retry' });
    receiver.answer({ status: 404 });
    await expect(send(receiver.url)).resolves.toEqual({
      kind: 'failed',
      reason: 'HTTP 404 from 127.0.0.1',
    });
  });

  it('fails a redirect without following it', async () => {
    const elsewhere = await startReceiver();
    try {
      receiver.answer({ status: 302, headers: { location: `${elsewhere.url}/catch` } });
      await expect(send(receiver.url)).resolves.toEqual({
        kind: 'failed',
        reason: 'HTTP 302 from 127.0.0.1: redirects are not followed',
      });
      expect(elsewhere.requests).toHaveLength(0);
    } finally {
      await elsewhere.close();
    }
  });

  it('refuses a private address unless private targets are allowed', async () => {
    const strict = createSenders({ allowPrivateTargets: false, mailFrom: 'alerts@example.com' });
    const outcome = await strict.send({ kind, target: receiver.url, secret: 's' }, alertMessage());
    expect(outcome).toMatchObject({ kind: 'failed', reason: expect.stringMatching(/private/) });
    expect(receiver.requests).toHaveLength(0);
    const localhost = receiver.url.replace('127.0.0.1', 'localhost');
    const byName = await strict.send({ kind, target: localhost, secret: 's' }, alertMessage());
    expect(byName).toMatchObject({ kind: 'failed', reason: expect.stringMatching(/private/) });
    expect(receiver.requests).toHaveLength(0);
  });

  it('retries after the timeout when the receiver never answers', async () => {
    const impatient = createSenders({
      allowPrivateTargets: true,
      timeoutMs: 200,
      mailFrom: 'alerts@example.com',
    });
    receiver.answer('hang');
    const outcome = await impatient.send(
      { kind, target: receiver.url, secret: 's' },
      alertMessage(),
    );
    expect(outcome).toEqual({ kind: 'retry', reason: 'timed out after 0.2 s' });
  });

  it('retries when nothing listens, and fails a URL that is not http(s)', async () => {
    const port = await closedPort();
    await expect(send(`http://127.0.0.1:${port}/hook`)).resolves.toEqual({
      kind: 'retry',
      reason: 'could not reach 127.0.0.1 (ECONNREFUSED)',
    });
    await expect(send('ftp://example.com/hook')).resolves.toMatchObject({ kind: 'failed' });
    await expect(send('not a url')).resolves.toMatchObject({ kind: 'failed' });
  });
});
