import { startMailCatcher, type RunningMailCatcher } from '@ioworker/tools/local-services';
import {
  apiRequest,
  collectorWorkspace,
  startApiProcess,
  stopChild,
  waitFor,
} from '@ioworker/tools/test/stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../channels/senders/test/receiver.js';

// Real API processes, a real collector process, a real SMTP server and a local webhook receiver.
let mail: RunningMailCatcher;
let receiver: Receiver;

beforeAll(async () => {
  mail = await startMailCatcher();
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
  await mail.stop();
});

const FAST_DELIVERY = {
  WEBHOOK_ALLOW_PRIVATE: 'true',
  DELIVERY_POLL_MS: '50',
  DELIVERY_GROUP_MS: '200',
  DELIVERY_MIN_BACKOFF_MS: '100',
  ALERT_EVALUATION_MS: '500',
};

async function signedUp(url: string) {
  const registered = await apiRequest(url, 'POST', '/v1/auth/register', undefined, {
    email: `deliveries-${Date.now()}-${Math.random()}@example.com`,
    password: 'delivery password 123',
  });
  return registered.body!.token as string;
}

function webhookBodies(
  path: string,
): { id: string; event: string; status: string; title: string }[] {
  return receiver.requests
    .filter((request) => request.path === path)
    .map(
      (request) =>
        JSON.parse(request.body) as { id: string; event: string; status: string; title: string },
    );
}

describe('the whole path', () => {
  it('a collector that stops brings the offline alert to email and webhook; its return the resolution', async () => {
    const api = await startApiProcess({ ...FAST_DELIVERY, SMTP_URL: mail.url });
    try {
      const token = await signedUp(api.url);
      // The shortest the rule allows: a real minute of silence before the alert.
      await apiRequest(api.url, 'PUT', '/v1/notification-rules', token, {
        rules: [
          { event: 'device.offline', enabled: true, channelIds: null, params: { forMinutes: 1 } },
        ],
        quietHours: null,
      });
      const email = `owner-${Date.now()}@example.com`;
      const channel = await apiRequest(api.url, 'POST', '/v1/notification-channels', token, {
        kind: 'email',
        target: email,
      });
      const verification = await mail.waitFor((message) => message.to.includes(email));
      const code = /(\d{6})/.exec(verification.subject)?.[1];
      await apiRequest(
        api.url,
        'POST',
        `/v1/notification-channels/${channel.body!.id}/verify`,
        token,
        {
          code,
        },
      );
      await apiRequest(api.url, 'POST', '/v1/notification-channels', token, {
        kind: 'webhook',
        target: `${receiver.url}/whole-path`,
      });
      const created = await apiRequest(api.url, 'POST', '/v1/devices', token, {
        name: 'rig-whole-path',
        os: 'ubuntu',
      });
      const workspace = collectorWorkspace();
      const enrollment = created.body!.enrollment as { token: string };
      expect((await workspace.enroll(api.url, enrollment.token)).code).toBe(0);

      let collector = workspace.run();
      const deviceId = (created.body!.device as { id: string }).id;
      const status = async () =>
        (await apiRequest(api.url, 'GET', `/v1/devices/${deviceId}`, token)).body!.status;
      await waitFor(
        'online',
        async () => ((await status()) === 'online' ? true : undefined),
        20_000,
      );
      await stopChild(collector.child);

      const stoppedAt = Date.now();
      const offlineMail = await mail.waitFor(
        (m) => m.subject.includes('rig-whole-path is offline'),
        100_000,
      );
      expect(Date.now() - stoppedAt).toBeGreaterThan(55_000);
      expect(offlineMail.subject).toContain('[FIRING]');
      await waitFor(
        'the webhook alert',
        async () =>
          webhookBodies('/whole-path').some((b) => b.status === 'firing') ? true : undefined,
        10_000,
      );

      collector = workspace.run();
      const backMail = await mail.waitFor((m) => m.subject.includes('[RESOLVED]'), 20_000);
      expect(backMail.subject).toContain('rig-whole-path');
      await waitFor(
        'the webhook resolution',
        async () =>
          webhookBodies('/whole-path').some((b) => b.status === 'resolved') ? true : undefined,
        10_000,
      );
      await stopChild(collector.child);
      expect(webhookBodies('/whole-path').map((b) => `${b.event} ${b.status}`)).toEqual([
        'device.offline firing',
        'device.offline resolved',
      ]);
    } finally {
      await api.stop();
    }
  }, 180_000);
});

describe('deliveries across a crash', () => {
  it('after SIGKILL in the middle of sending, every delivery arrives once or more, none missing', async () => {
    const api = await startApiProcess({ ...FAST_DELIVERY, DELIVERY_LEASE_MS: '1000' });
    try {
      const token = await signedUp(api.url);
      // The receiver takes every request and answers none while the API is killed.
      receiver.answer((request) => (request.path.startsWith('/crash-') ? 'hang' : { status: 204 }));
      const expected: string[] = [];
      for (let channel = 0; channel < 6; channel += 1) {
        const created = await apiRequest(api.url, 'POST', '/v1/notification-channels', token, {
          kind: 'webhook',
          target: `${receiver.url}/crash-${channel}`,
        });
        for (let test = 0; test < 5; test += 1) {
          const sent = await apiRequest(
            api.url,
            'POST',
            `/v1/notification-channels/${created.body!.id}/test`,
            token,
          );
          expected.push(sent.body!.deliveryId as string);
        }
      }
      await waitFor(
        'deliveries in flight',
        async () =>
          receiver.requests.filter((r) => r.path.startsWith('/crash-')).length >= 10
            ? true
            : undefined,
        10_000,
      );
      await api.stop('SIGKILL');
      receiver.answer({ status: 204 });
      await api.restart();
      await waitFor(
        'every delivery',
        async () => {
          const seen = new Set(
            receiver.requests
              .filter((r) => r.path.startsWith('/crash-'))
              .map((r) => String(r.headers['x-ioworker-delivery'])),
          );
          return expected.every((id) => seen.has(id)) ? true : undefined;
        },
        30_000,
      );
    } finally {
      await api.stop();
    }
  });
});
