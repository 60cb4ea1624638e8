import { startMailCatcher, type RunningMailCatcher } from '@ioworker/tools/local-services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSenders, type Senders } from './index.js';
import { alertMessage, closedPort } from './test/receiver.js';
import { startSmtpStub } from './test/smtp-stub.js';

const mailFrom = 'IO Worker <alerts@ioworker.example>';

describe('email sender', () => {
  let catcher: RunningMailCatcher;
  let senders: Senders;

  beforeAll(async () => {
    catcher = await startMailCatcher();
    senders = createSenders({ allowPrivateTargets: false, smtpUrl: catcher.url, mailFrom });
  });
  afterAll(async () => {
    await senders.close();
    await catcher.stop();
  });

  it('sends a text and an HTML part with the delivery header', async () => {
    const message = alertMessage({ deliveryId: 'dlv_mail_1' });
    const target = { kind: 'email' as const, target: 'owner@example.com' };
    await expect(senders.send(target, message)).resolves.toEqual({ kind: 'sent' });
    const mail = await catcher.waitFor((caught) => caught.subject.includes('Rig 7 is offline'));
    expect(mail.subject).toBe('[FIRING] Rig 7 is offline');
    expect(mail.to).toEqual(['owner@example.com']);
    expect(mail.from).toContain('alerts@ioworker.example');
    expect(mail.headers.get('x-ioworker-delivery')).toBe('dlv_mail_1');
    expect(mail.headers.get('message-id')).toBe('<dlv_mail_1@ioworker.example>');
    expect(mail.text).toContain('No heartbeat for 10 minutes.');
    expect(mail.text).toContain('Device: Rig 7');
    expect(mail.text).toContain('Severity: critical');
    expect(mail.text).toContain('https://app.example.com/devices/dev_1');
    expect(mail.html).toContain('Rig 7');
    expect(mail.html).toContain('2025-03-04 05:06 UTC');
    expect(mail.html).toContain('href="https://app.example.com/devices/dev_1"');
  });

  it('marks resolved alerts, and leaves test-sends unmarked', async () => {
    const target = { kind: 'email' as const, target: 'owner@example.com' };
    await senders.send(target, alertMessage({ status: 'resolved', title: 'Rig 8 is back' }));
    await senders.send(
      target,
      alertMessage({ event: 'channel.test', title: 'Test from IO Worker' }),
    );
    await expect(catcher.waitFor((mail) => mail.subject.includes('Rig 8'))).resolves.toMatchObject({
      subject: '[RESOLVED] Rig 8 is back',
    });
    await expect(catcher.waitFor((mail) => mail.subject.includes('Test'))).resolves.toMatchObject({
      subject: 'Test from IO Worker',
    });
  });

  it('escapes the message in the HTML part', async () => {
    const message = alertMessage({
      title: 'Escape <check>',
      message: '<script>alert("x")</script> & more',
      device: { id: 'd', name: '<b>rig</b>' },
    });
    await senders.send({ kind: 'email', target: 'owner@example.com' }, message);
    const mail = await catcher.waitFor((caught) => caught.subject.includes('Escape'));
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).not.toContain('<b>rig</b>');
    expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more');
    expect(mail.text).toContain('<script>alert("x")</script> & more');
  });
});

describe('email sender failures', () => {
  const target = { kind: 'email' as const, target: 'nobody@example.com' };

  it('retries when the SMTP server refuses the connection', async () => {
    const port = await closedPort();
    const senders = createSenders({
      allowPrivateTargets: false,
      smtpUrl: `smtp://user:pw@127.0.0.1:${port}`,
      mailFrom,
    });
    const outcome = await senders.send(target, alertMessage());
    await senders.close();
    expect(outcome).toMatchObject({ kind: 'retry', reason: expect.stringMatching(/ECONNREFUSED/) });
    expect(JSON.stringify(outcome)).not.toContain('pw');
  });

  it('fails on an SMTP 5xx and retries on a 4xx', async () => {
    for (const [reply, kind] of [
      ['550 5.1.1 User unknown', 'failed'],
      ['451 4.3.0 Try again later', 'retry'],
    ] as const) {
      const stub = await startSmtpStub(reply);
      const senders = createSenders({ allowPrivateTargets: false, smtpUrl: stub.url, mailFrom });
      const outcome = await senders.send(target, alertMessage());
      await senders.close();
      await stub.close();
      expect(outcome).toMatchObject({ kind, reason: expect.stringContaining(reply.slice(0, 3)) });
    }
  });

  it('fails when email is not configured', async () => {
    const senders = createSenders({ allowPrivateTargets: false, mailFrom });
    await expect(senders.send(target, alertMessage())).resolves.toEqual({
      kind: 'failed',
      reason: 'Email is not configured on this server',
    });
  });
});
