import { getRequestListener } from '@hono/node-server';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../app.js';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { createLocalEventBus } from '../events/event-bus.js';
import { createDeviceListCache } from '../features/devices/device-list.js';
import { createIngestDeps } from '../features/ingest/ingest-deps.js';
import type { LiveEventBus } from '../features/live/live-events.js';
import type { PayoutService } from '../features/payouts/payout-service.js';
import { loadRateCard } from '../features/profitability/rate-card.js';
import type { Logger } from '../lib/logger.js';
import { createSecretBox } from '../lib/secret-box.js';

/**
 * The app over a test database, called in-process with the given config and logger (to read
 * what a request logs), without metrics or background jobs, and without payouts unless given.
 */
export function inProcessApp(options: {
  db: Db;
  config: Config;
  logger: Logger;
  payouts?: PayoutService;
}) {
  const { db, config, logger } = options;
  const events: LiveEventBus = createLocalEventBus();
  return createApp({
    config,
    db,
    logger,
    events,
    metrics: undefined,
    payouts: options.payouts,
    rateCard: loadRateCard(),
    shutdown: new AbortController().signal,
    secrets: createSecretBox('a-test-key-that-is-at-least-32-characters'),
    telegramBot: undefined,
    deviceLists: createDeviceListCache(db),
    ...createIngestDeps({ db, events, logger, config, metrics: undefined }),
  });
}

/** An in-process app on a real socket (127.0.0.1, a free port): its URL, and how to close it. */
export async function serveOnSocket(app: ReturnType<typeof inProcessApp>) {
  const server = createServer(getRequestListener(app.fetch));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
