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
        const { accountId, event } = JSON.parse(message.payload) as {
          accountId: string;
          event: Event;
        };
        subscribers.deliver(accountId, event);
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
      await publisher.query('SELECT pg_notify($1, $2)', [CHANNEL, payload]);
    },
    subscribe: (accountId, listener) => subscribers.add(accountId, listener),
    async close() {
      closed = true;
      await listener?.end().catch(() => {});
      await publisher.end().catch(() => {});
    },
  };
}
