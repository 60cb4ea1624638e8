import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.js';
import type { AppDeps } from './app-env.js';
import type { Config } from './config.js';
import { openDatabase } from './db/connect.js';
import { createLocalEventBus, createPostgresEventBus } from './events/event-bus.js';
import { createDeviceListCache } from './features/devices/device-list.js';
import type { LiveEventBus } from './features/live/live-events.js';
import { forgetLocalLedgerPayouts, runPayouts } from './features/payouts/payout-runner.js';
import { startPayoutSchedule } from './features/payouts/payout-schedule.js';
import { createPayoutService } from './features/payouts/payout-service.js';
import { loadRateCard } from './features/profitability/rate-card.js';
import {
  startNotificationDelivery,
  telegramBotFor,
} from './features/deliveries/delivery-runtime.js';
import { startAlertEvaluator } from './features/alert-evaluation/alert-evaluator.js';
import { startMetricRollups } from './features/metric-rollups/rollup-scheduler.js';
import { startStatusSweeper } from './features/status/device-status.js';
import { startEnergyRepair } from './features/energy/energy-recompute.js';
import { createIngestDeps } from './features/ingest/ingest-deps.js';
import { createInfluxClient, type MetricsStore } from './influx/influx-client.js';
import { createLogger, type Logger } from './lib/logger.js';
import { createSecretBox, resolveSecretsKey } from './lib/secret-box.js';

export type RunningApi = {
  url: string;
  port: number;
  databaseKind: 'postgres' | 'pglite';
  /** Stores what writes buffered now (device state, uptime, energy) and announces what changed. */
  flush(): Promise<void>;
  stop(): Promise<void>;
};

function listen(app: ReturnType<typeof createApp>, config: Config): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, () =>
      resolve(server),
    );
    server.once('error', reject);
  });
}

function closeServer(server: ServerType): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    if ('closeAllConnections' in server) server.closeAllConnections();
  });
}

async function connectMetrics(config: Config, logger: Logger): Promise<MetricsStore | undefined> {
  const { url } = config.influx;
  if (!url) {
    logger.warn(
      'INFLUX_URL is not set: samples are not stored. Devices still report their status, uptime and latest readings; charts and measured profitability are off.',
    );
    return undefined;
  }
  const metrics = createInfluxClient({ ...config.influx, url });
  await metrics.ensureDatabase();
  return metrics;
}

async function createEventBus(config: Config, logger: Logger): Promise<LiveEventBus> {
  return config.databaseUrl
    ? createPostgresEventBus(config.databaseUrl, logger)
    : createLocalEventBus();
}

/**
 * Opens the database (migrating it), connects InfluxDB and the event bus, builds the app,
 * starts the status sweeper and listens. Used by main, tests and tools.
 */
export async function startApi(
  config: Config,
  logger: Logger = createLogger(config.logLevel),
): Promise<RunningApi> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const cleanups: (() => Promise<void>)[] = [() => database.close()];
  const stopAll = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  };
  try {
    const events = await createEventBus(config, logger);
    cleanups.push(() => events.close());
    const metrics = await connectMetrics(config, logger);
    const payouts = await createPayoutService(config, logger);
    const shutdown = new AbortController();
    const telegramBot = telegramBotFor(config);
    const ingest = createIngestDeps({ db: database.db, events, logger, config, metrics });
    cleanups.push(() => ingest.deviceCredentials.close());
    // Runs after the server closed: what the last writes buffered is stored before the end.
    cleanups.push(() => ingest.deviceState.close());
    cleanups.push(async () => ingest.sampleWrites?.close());
    cleanups.push(() => ingest.liveSamples.close());
    const deps: AppDeps = {
      config,
      db: database.db,
      logger,
      events,
      metrics,
      payouts,
      rateCard: loadRateCard(config.rateCardFile),
      shutdown: shutdown.signal,
      secrets: createSecretBox(await resolveSecretsKey(config.secretsKey, config.dataDir)),
      telegramBot,
      deviceLists: createDeviceListCache(database.db),
      ...ingest,
    };
    if (payouts) {
      await forgetLocalLedgerPayouts(payouts, deps);
      // On a real chain, payouts a crash left open are settled by their signatures at once.
      if (payouts.chain.kind === 'rpc') {
        void runPayouts(payouts, deps, {}, { payNew: false }).catch((error: Error) =>
          logger.error({ err: error.message }, 'reconciling open payouts at start-up failed'),
        );
      }
      cleanups.push(startPayoutSchedule(payouts, deps));
    }
    cleanups.push(startStatusSweeper(deps));
    if (metrics) cleanups.push(startEnergyRepair(deps));
    cleanups.push(startAlertEvaluator(deps));
    cleanups.push(startMetricRollups(deps));
    cleanups.push(startNotificationDelivery(deps, telegramBot));
    const server = await listen(createApp(deps), config);
    cleanups.push(() => closeServer(server));
    // Runs first on stop: streams say goodbye before their sockets close.
    cleanups.push(async () => {
      shutdown.abort();
      await new Promise((resolve) => setTimeout(resolve, 50));
    });
    const { port } = server.address() as AddressInfo;
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    return {
      url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
      port,
      databaseKind: database.kind,
      flush: () => ingest.deviceState.idle(),
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
