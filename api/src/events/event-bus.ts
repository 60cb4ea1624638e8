import pg from 'pg';
import type { Logger } from '../lib/logger.js';

/** Anything the bus carries: a JSON-serialisable object named by its `type`. */
export type BusEvent = { type: string };
type Listener<Event> = (event: Event) => void;

/**
 * Events for one account at a time; every API instance's subscribers receive them. What the
 * events are is the app's business: the bus only carries them.
 */
export type EventBus<Event extends BusEvent> = {
  publish(accountId: string, event: Event): Promise<void>;
  subscribe(accountId: string, listener: Listener<Event>): () => void;
  close(): Promise<void>;
};

const CHANNEL = 'iow_events';
// NOTIFY payloads are capped at 8000 bytes; events are kept well below.
const MAX_PAYLOAD_BYTES = 7900;

class LocalSubscribers<Event> {
  private readonly byAccount = new Map<string, Set<Listener<Event>>>();

  add(accountId: string, listener: Listener<Event>): () => void {
    const listeners = this.byAccount.get(accountId) ?? new Set();
    listeners.add(listener);
    this.byAccount.set(accountId, listeners);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0) this.byAccount.delete(accountId);
    };
  }

  deliver(accountId: string, event: Event): void {
    for (const listener of this.byAccount.get(accountId) ?? []) listener(event);
  }
}

type Envelope<Event> = { accountId: string; event: Event };

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
    publish: async (accountId, event) => subscribers.deliver(accountId, event),
    subscribe: (accountId, listener) => subscribers.add(accountId, listener),
    close: async () => {},
  };
}

/**
 * Several API instances: events travel through PostgreSQL LISTEN/NOTIFY on one dedicated
 * connection per instance, which reconnects after a loss.
 */
export async function createPostgresEventBus<Event extends BusEvent>(
  databaseUrl: string,
  logger: Logger,
): Promise<EventBus<Event>> {
  const subscribers = new LocalSubscribers<Event>();
  const publisher = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  publisher.on('error', () => {});
  let listener: pg.Client | undefined;
  let closed = false;

  async function connectListener(): Promise<void> {
    const client = new pg.Client({ connectionString: databaseUrl });
    client.on('notification', (message) => {
      if (!message.payload) return;
      try {
        // An array: the events published while the previous NOTIFY was in flight.
        const parsed = JSON.parse(message.payload) as Envelope<Event> | Envelope<Event>[];
        for (const { accountId, event } of Array.isArray(parsed) ? parsed : [parsed]) {
          subscribers.deliver(accountId, event);
        }
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
  }

  await connectListener();
  const outbox = createOutbox((payload) =>
    publisher.query('SELECT pg_notify($1, $2)', [CHANNEL, payload]).then(() => undefined),
  );
  return {
    async publish(accountId, event) {
      const payload = JSON.stringify({ accountId, event });
      if (Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES) {
        logger.warn(
          { type: event.type, bytes: Buffer.byteLength(payload) },
          'event too large for NOTIFY; delivered locally only',
        );
        subscribers.deliver(accountId, event);
        return;
      }
      await outbox.send(payload);
    },
    subscribe: (accountId, listener) => subscribers.add(accountId, listener),
    async close() {
      closed = true;
      await listener?.end().catch(() => {});
      await publisher.end().catch(() => {});
    },
  };
}
