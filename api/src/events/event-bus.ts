import pg from 'pg';
import type { Logger } from '../lib/logger.js';
import type { LatestSample } from '../db/database.js';
import type { toJob } from '../features/jobs/jobs.service.js';
import type { toNotification } from '../features/notifications/notifications.service.js';

/** What each live event carries (as JSON); browsers read these types through the API package. */
export type LiveEventData = {
  'device.status': { deviceId: string; status: 'online' | 'offline'; lastSeenAt: string | null };
  'device.sample': {
    deviceId: string;
    at: string;
    gpus: Pick<
      LatestSample['gpus'][number],
      'index' | 'temperatureC' | 'powerW' | 'utilizationPct'
    >[];
  };
  job: ReturnType<typeof toJob>;
  earning: { jobId: string; deviceId: string; amountLamports: string | null };
  notification: ReturnType<typeof toNotification>;
};
export type AccountEventType = keyof LiveEventData;
export type AccountEvent = {
  [Type in AccountEventType]: { type: Type; data: LiveEventData[Type] };
}[AccountEventType];
type Listener = (event: AccountEvent) => void;

/** Live events for one account at a time; every API instance's subscribers receive them. */
export type EventBus = {
  publish(accountId: string, event: AccountEvent): Promise<void>;
  subscribe(accountId: string, listener: Listener): () => void;
  close(): Promise<void>;
};

const CHANNEL = 'iow_events';
// NOTIFY payloads are capped at 8000 bytes; events are kept well below.
const MAX_PAYLOAD_BYTES = 7900;

class LocalSubscribers {
  private readonly byAccount = new Map<string, Set<Listener>>();

  add(accountId: string, listener: Listener): () => void {
    const listeners = this.byAccount.get(accountId) ?? new Set();
    listeners.add(listener);
    this.byAccount.set(accountId, listeners);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0) this.byAccount.delete(accountId);
    };
  }

  deliver(accountId: string, event: AccountEvent): void {
    for (const listener of this.byAccount.get(accountId) ?? []) listener(event);
  }
}

/** One process (embedded PGlite): events stay in memory. */
export function createLocalEventBus(): EventBus {
  const subscribers = new LocalSubscribers();
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
export async function createPostgresEventBus(
  databaseUrl: string,
  logger: Logger,
): Promise<EventBus> {
  const subscribers = new LocalSubscribers();
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
          event: AccountEvent;
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
