import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../lib/logger.js';
import { freshDatabaseUrl } from '../test/test-api.js';
import { createPostgresEventBus, type EventBus } from './event-bus.js';

type TestEvent = { type: 'device.sample' | 'device.status'; data: { n: number } };

let databaseUrl: string;
let raw: pg.Client;
/** Every NOTIFY payload on the bus's channel, as a raw listener sees it. */
const payloads: string[] = [];
const buses: EventBus<TestEvent>[] = [];

async function newBus(): Promise<EventBus<TestEvent>> {
  const bus = await createPostgresEventBus<TestEvent>(databaseUrl, createLogger('silent'));
  buses.push(bus);
  return bus;
}

function received(bus: EventBus<TestEvent>, accountId: string, volatile = true) {
  const events: TestEvent[] = [];
  const unsubscribe = bus.subscribe(accountId, (event) => events.push(event), { volatile });
  return { events, unsubscribe };
}

/** Publishes a sample from `bus` until the subscriber has one: the interest has arrived. */
async function untilHeard(bus: EventBus<TestEvent>, accountId: string, events: TestEvent[]) {
  await vi.waitFor(
    async () => {
      await bus.publish(accountId, { type: 'device.sample', data: { n: 0 } }, { volatile: true });
      expect(events.length).toBeGreaterThan(0);
    },
    { timeout: 5000, interval: 50 },
  );
}

const mentions = (accountId: string) => payloads.filter((payload) => payload.includes(accountId));

beforeAll(async () => {
  databaseUrl = (await freshDatabaseUrl('iow_bus')).url;
  raw = new pg.Client({ connectionString: databaseUrl });
  raw.on('notification', (message) => payloads.push(message.payload ?? ''));
  await raw.connect();
  await raw.query('LISTEN iow_events');
});

afterAll(async () => {
  await Promise.all(buses.map((bus) => bus.close()));
  await raw.end();
});

describe('the PostgreSQL event bus', () => {
  it('sends a volatile event to another instance only while a subscriber there takes it', async () => {
    const [publisher, watcher] = [await newBus(), await newBus()];
    const watched = randomUUID();
    const unwatched = randomUUID();
    const { events, unsubscribe } = received(watcher, watched);
    await untilHeard(publisher, watched, events);

    await publisher.publish(
      unwatched,
      { type: 'device.sample', data: { n: 1 } },
      { volatile: true },
    );
    await publisher.publish(unwatched, { type: 'device.status', data: { n: 2 } });
    await delay(200);
    // The status went out (another instance may have subscribers for it); the reading did not.
    expect(mentions(unwatched)).toHaveLength(1);
    expect(mentions(unwatched)[0]).toContain('device.status');
    unsubscribe();
  });

  it('does not count a subscriber that takes no volatile events as interest', async () => {
    const [publisher, other] = [await newBus(), await newBus()];
    const accountId = randomUUID();
    const { events } = received(other, accountId, false);
    // Announcements travel in order: once this later one is heard, any for accountId was too.
    const control = randomUUID();
    await untilHeard(publisher, control, received(other, control).events);
    await publisher.publish(accountId, { type: 'device.status', data: { n: 3 } });
    await vi.waitFor(() => expect(events).toEqual([{ type: 'device.status', data: { n: 3 } }]));
    await publisher.publish(
      accountId,
      { type: 'device.sample', data: { n: 4 } },
      { volatile: true },
    );
    await delay(200);
    expect(mentions(accountId).some((payload) => payload.includes('device.sample'))).toBe(false);
    expect(events).toHaveLength(1);
  });

  it('delivers a volatile event to the same instance without a NOTIFY', async () => {
    const bus = await newBus();
    const accountId = randomUUID();
    const { events } = received(bus, accountId);
    await bus.publish(accountId, { type: 'device.sample', data: { n: 5 } }, { volatile: true });
    expect(events).toEqual([{ type: 'device.sample', data: { n: 5 } }]);
    await delay(200);
    expect(mentions(accountId).some((payload) => payload.includes('device.sample'))).toBe(false);
  });

  it('tells an instance that starts later who takes which volatile events', async () => {
    const watcher = await newBus();
    const accountId = randomUUID();
    const { events } = received(watcher, accountId);
    await delay(100);
    const latecomer = await newBus();
    await untilHeard(latecomer, accountId, events);
    expect(events[0]).toEqual({ type: 'device.sample', data: { n: 0 } });
  });
});
