import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Logger } from '../lib/logger.js';
import {
  createRemoteInterest,
  isInterestMessage,
  REFRESH_MS,
  type InterestMessage,
} from './volatile-interest.js';

/** Anything the bus carries: a JSON-serialisable object named by its `type`. */
export type BusEvent = { type: string };
type Listener<Event> = (event: Event) => void;

/**
 * `volatile`: an event worth nothing to anyone not listening now (a live reading). It reaches
 * only subscribers that take volatile events, and travels to another instance only while one
 * there has such a subscriber for the account: a fleet's readings cost no NOTIFY while nobody
 * watches them.
 */
export type PublishOptions = { volatile?: boolean };
/** `volatile: false`: this subscriber needs none of the volatile events (default: it does). */
export type SubscribeOptions = { volatile?: boolean };

/**
 * Events for one account at a time; every API instance's subscribers receive them. What the
 * events are is the app's business: the bus only carries them.
 */
export type EventBus<Event extends BusEvent> = {
  publish(accountId: string, event: Event, options?: PublishOptions): Promise<void>;
  subscribe(accountId: string, listener: Listener<Event>, options?: SubscribeOptions): () => void;
  close(): Promise<void>;
};

const CHANNEL = 'iow_events';
// NOTIFY payloads are capped at 8000 bytes; events are kept well below.
const MAX_PAYLOAD_BYTES = 7900;

type Subscriber<Event> = { listener: Listener<Event>; volatile: boolean };

class LocalSubscribers<Event> {
  private readonly byAccount = new Map<string, Set<Subscriber<Event>>>();
  /** Subscribers taking volatile events, per account. */
  private readonly volatileCounts = new Map<string, number>();

  /** `onFirstVolatile`: the account now has a subscriber taking volatile events here. */
  constructor(private readonly onFirstVolatile: (accountId: string) => void = () => {}) {}

  add(accountId: string, listener: Listener<Event>, options: SubscribeOptions = {}): () => void {
    const subscriber = { listener, volatile: options.volatile ?? true };
    const subscribers = this.byAccount.get(accountId) ?? new Set();
    subscribers.add(subscriber);
    this.byAccount.set(accountId, subscribers);
    if (subscriber.volatile) this.countVolatile(accountId, 1);
    return () => {
      if (!subscribers.delete(subscriber)) return;
      if (subscriber.volatile) this.countVolatile(accountId, -1);
      if (subscribers.size === 0) this.byAccount.delete(accountId);
    };
  }

  private countVolatile(accountId: string, change: number): void {
    const count = (this.volatileCounts.get(accountId) ?? 0) + change;
    if (count > 0) this.volatileCounts.set(accountId, count);
    else this.volatileCounts.delete(accountId);
    if (change > 0 && count === 1) this.onFirstVolatile(accountId);
  }

  /** Accounts with a subscriber taking volatile events here. */
  volatileAccounts(): string[] {
    return [...this.volatileCounts.keys()];
  }

  deliver(accountId: string, event: Event, volatile = false): void {
    for (const { listener, volatile: takesVolatile } of this.byAccount.get(accountId) ?? []) {
      if (!volatile || takesVolatile) listener(event);
    }
  }
}

type Envelope<Event> = { accountId: string; event: Event; volatile?: true };

/**
 * Group commit for NOTIFY: a payload sent while another NOTIFY is in flight waits for it, and
 * all that waited go out as one JSON array (split to stay under the size limit). An idle bus
 * sends at once; events published together (a batch of live samples) cost one or two NOTIFYs,
 * not one each. Each send resolves once its NOTIFY is done.
 */
function createOutbox(notify: (payload: string) => Promise<void>) {
  type Waiting = { payload: string; resolve: () => void; reject: (error: unknown) => void };
  let queued: Waiting[] = [];
  let inFlight = false;

  function batches(items: typeof queued): (typeof queued)[] {
    const grouped: (typeof queued)[] = [];
    let current: typeof queued = [];
    let bytes = 2;
    for (const item of items) {
      const size = Buffer.byteLength(item.payload) + 1;
      if (current.length > 0 && bytes + size > MAX_PAYLOAD_BYTES) {
        grouped.push(current);
        current = [];
        bytes = 2;
      }
      current.push(item);
      bytes += size;
    }
    if (current.length > 0) grouped.push(current);
    return grouped;
  }

  async function drain(): Promise<void> {
    inFlight = true;
    while (queued.length > 0) {
      const taken = queued;
      queued = [];
      for (const batch of batches(taken)) {
        const payloads = batch.map((item) => item.payload);
        const payload = payloads.length === 1 ? payloads.join('') : `[${payloads.join(',')}]`;
        await notify(payload).then(
          () => batch.forEach((item) => item.resolve()),
          (error: unknown) => batch.forEach((item) => item.reject(error)),
        );
      }
    }
    inFlight = false;
  }

  return {
    send(payload: string): Promise<void> {
      const sent = new Promise<void>((resolve, reject) =>
        queued.push({ payload, resolve, reject }),
      );
      if (!inFlight) void drain();
      return sent;
    },
  };
}

/** One process (embedded PGlite): events stay in memory. */
export function createLocalEventBus<Event extends BusEvent>(): EventBus<Event> {
  const subscribers = new LocalSubscribers<Event>();
  return {
    publish: async (accountId, event, options = {}) =>
      subscribers.deliver(accountId, event, options.volatile),
    subscribe: (accountId, listener, options) => subscribers.add(accountId, listener, options),
    close: async () => {},
  };
}

/** Most account ids one interest announcement carries, to stay under the payload limit. */
const ACCOUNTS_PER_ANNOUNCEMENT = 150;

/**
 * Several API instances: events travel through PostgreSQL LISTEN/NOTIFY on one dedicated
 * connection per instance, which reconnects after a loss. Volatile events go out only for
 * accounts another instance announced it takes them for (volatile-interest.ts).
 */
export async function createPostgresEventBus<Event extends BusEvent>(
  databaseUrl: string,
  logger: Logger,
): Promise<EventBus<Event>> {
  const instance = randomUUID();
  const remoteInterest = createRemoteInterest(instance);
  const subscribers = new LocalSubscribers<Event>((accountId) => announce([accountId]));
  const publisher = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  publisher.on('error', () => {});
  const outbox = createOutbox((payload) =>
    publisher.query('SELECT pg_notify($1, $2)', [CHANNEL, payload]).then(() => undefined),
  );
  let listener: pg.Client | undefined;
  let closed = false;

  function send(message: InterestMessage): void {
    void outbox.send(JSON.stringify(message)).catch((error: Error) => {
      logger.warn({ err: error.message }, 'announcing live subscribers failed');
    });
  }

  function announce(accounts: string[]): void {
    for (let start = 0; start < accounts.length; start += ACCOUNTS_PER_ANNOUNCEMENT) {
      const chunk = accounts.slice(start, start + ACCOUNTS_PER_ANNOUNCEMENT);
      send({ interest: { instance, accounts: chunk } });
    }
  }

  function received(item: Envelope<Event> | InterestMessage): void {
    if (!isInterestMessage(item)) {
      subscribers.deliver(item.accountId, item.event, item.volatile);
    } else if ('interest' in item) {
      remoteInterest.heard(item.interest.instance, item.interest.accounts);
    } else if (item.hello.instance !== instance) {
      announce(subscribers.volatileAccounts());
    }
  }

  /** One bad item of a batch is logged and skipped; the others are still delivered. */
  function receivedSafely(item: Envelope<Event> | InterestMessage): void {
    try {
      received(item);
    } catch (error) {
      logger.warn({ err: (error as Error).message }, 'ignored a malformed event');
    }
  }

  async function connectListener(): Promise<void> {
    const client = new pg.Client({ connectionString: databaseUrl });
    client.on('notification', (message) => {
      if (!message.payload) return;
      try {
        // An array: what was sent while the previous NOTIFY was in flight.
        const parsed = JSON.parse(message.payload) as
          Envelope<Event> | InterestMessage | (Envelope<Event> | InterestMessage)[];
        for (const item of Array.isArray(parsed) ? parsed : [parsed]) receivedSafely(item);
      } catch (error) {
        logger.warn({ err: (error as Error).message }, 'ignored a malformed event');
      }
    });
    client.on('error', (error) => {
      logger.warn({ err: error.message }, 'event listener connection lost; reconnecting');
      void client.end().catch(() => {});
      if (!closed) setTimeout(() => void connectListener().catch(() => {}), 1000).unref();
    });
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    listener = client;
    // Announcements made while this instance was not listening were missed: ask again.
    send({ hello: { instance } });
    announce(subscribers.volatileAccounts());
  }

  await connectListener();
  const refresh = setInterval(() => {
    announce(subscribers.volatileAccounts());
    remoteInterest.prune();
  }, REFRESH_MS).unref();

  return {
    async publish(accountId, event, options = {}) {
      const volatile = options.volatile === true;
      if (volatile && !remoteInterest.has(accountId)) {
        subscribers.deliver(accountId, event, true);
        return;
      }
      const payload = JSON.stringify(
        volatile ? { accountId, event, volatile } : { accountId, event },
      );
      if (Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES) {
        logger.warn(
          { type: event.type, bytes: Buffer.byteLength(payload) },
          'event too large for NOTIFY; delivered locally only',
        );
        subscribers.deliver(accountId, event, volatile);
        return;
      }
      await outbox.send(payload);
    },
    subscribe: (accountId, listener, options) => subscribers.add(accountId, listener, options),
    async close() {
      closed = true;
      clearInterval(refresh);
      await listener?.end().catch(() => {});
      await publisher.end().catch(() => {});
    },
  };
}
