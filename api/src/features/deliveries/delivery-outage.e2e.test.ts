import { waitFor } from '@ioworker/tools/test/stack';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevice, enroll, registerUser, request } from '../../test/http.js';
import { startApiWithReceiver } from '../../test/receiving-api.js';
import type { TestApi } from '../../test/test-api.js';
import { startReceiver, type Receiver } from '../channels/senders/test/receiver.js';

// A receiver that is down (nothing listens on its port) for two real minutes, as asked, so this
// waits, and runs in its own file. Tries back off from 1 s to at most 15 s.
const OUTAGE_MS = 120_000;

let api: TestApi;
let receiver: Receiver;
let stop: () => Promise<void>;

beforeAll(async () => {
  ({ api, receiver, stop } = await startApiWithReceiver({
    DELIVERY_POLL_MS: '100',
    DELIVERY_GROUP_MS: '100',
    DELIVERY_MIN_BACKOFF_MS: '1000',
    // Exponential back-off may otherwise wait about as long again as the outage lasted.
    DELIVERY_MAX_BACKOFF_MS: '15000',
    ALERT_EVALUATION_MS: '200',
  }));
});
afterAll(() => stop());

describe('a receiver down for two minutes', () => {
  it('gets the alert once it is back, once, with the delivery id it was first tried with', async () => {
    const user = await registerUser(api.url);
    await request(api.url, 'POST', '/v1/notification-channels', {
      bearer: user.token,
      body: { kind: 'webhook', target: `${receiver.url}/outage` },
    });
    const created = await createDevice(api.url, user, 'outage-rig');
    const { credential } = (await enroll(api.url, created.enrollment.token)).body as {
      credential: string;
    };
    await fetch(`${api.url}/api/v2/write?precision=ms`, {
      method: 'POST',
      headers: { authorization: `Token ${credential}` },
      body: `host interval_s=1 ${Date.now()}`,
    });
    const port = Number(new URL(receiver.url).port);
    await receiver.close();
    const downSince = Date.now();
    await api.db
      .updateTable('devices')
      .set({ last_seen_at: sql<Date>`now() - interval '10 minutes'` })
      .where('id', '=', created.device.id)
      .execute();
    const failing = await waitFor(
      'a failed attempt',
      () =>
        api.db
          .selectFrom('notification_deliveries')
          .select(['id', 'attempts', 'last_error'])
          .where('account_id', '=', user.id)
          .where('attempts', '>', 0)
          .where('last_error', 'is not', null)
          .executeTakeFirst(),
      15_000,
    );
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS - (Date.now() - downSince)));
    const retried = await api.db
      .selectFrom('notification_deliveries')
      .select(['attempts', 'status'])
      .where('id', '=', failing.id)
      .executeTakeFirstOrThrow();
    expect(retried.status).toBe('pending');
    expect(retried.attempts).toBeGreaterThan(6);

    receiver = await startReceiver(port);
    const arrived = await waitFor(
      'the alert after the outage',
      async () => receiver.requests.find((recorded) => recorded.path === '/outage'),
      // The next try is at most DELIVERY_MAX_BACKOFF_MS away.
      30_000,
    );
    expect(arrived.headers['x-ioworker-delivery']).toBe(failing.id);
    expect(JSON.parse(arrived.body)).toMatchObject({ event: 'device.offline', status: 'firing' });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(receiver.requests.filter((recorded) => recorded.path === '/outage')).toHaveLength(1);
    const row = await api.db
      .selectFrom('notification_deliveries')
      .select('status')
      .where('id', '=', failing.id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('sent');
  }, 240_000);
});
