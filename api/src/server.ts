import { getRequestListener } from '@hono/node-server';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, createWorkerApp } from './app.js';
import type { AppDeps } from './app-env.js';
import type { Config } from './config.js';
import { openDatabase } from './db/connect.js';
import { createLocalEventBus, createPostgresEventBus } from './events/event-bus.js';
import { telegramBotFor } from './features/deliveries/delivery-runtime.js';
import { createDeviceListCache } from './features/devices/device-list.js';
import { createIngestDeps } from './features/ingest/ingest-deps.js';
import { createWriteListener } from './features/ingest/write-listener.js';
import type { LiveEventBus } from './features/live/live-events.js';
import { createPayoutService } from './features/payouts/payout-service.js';
import { startMetricsListener } from './features/platform-metrics/metrics-listener.js';
import { loadRateCard } from './features/profitability/rate-card.js';
import { startBackgroundJobs } from './features/worker/background-jobs.js';
import { holdLeadership } from './features/worker/leadership.js';
import { createInfluxClient, type MetricsStore } from './influx/influx-client.js';
import { createLogger, type Logger } from './lib/logger.js';
import { createSecretBox, resolveSecretsKey } from './lib/secret-box.js';

export type RunningApi = {
  url: string;
  port: number;
  databaseKind: 'postgres' | 'pglite';
  /** `GET /metrics` on METRICS_PORT; undefined when it is off. */
  metricsUrl: string | undefined;
  /** Whether this process runs the background jobs now (ROLE=worker: while it leads). */
  leads(): boolean;
  /** Stores what writes buffered now (device state, uptime, energy) and announces what changed. */
  flush(): Promise<void>;
  stop(): Promise<void>;
};

function listen(listener: RequestListener, config: Config): Promise<Server> {
  const server = createServer({ keepAliveTimeout: config.keepAliveMs }, listener);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve(server));
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
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

/** The background jobs as the role runs them: here, on the leading worker, or not at all. */
async function startJobs(
  deps: AppDeps,
  telegramBot: ReturnType<typeof telegramBotFor>,
): Promise<{ stop: () => Promise<void>; leads: () => boolean }> {
  const { config, logger } = deps;
  if (config.role === 'all') {
    const stop = await startBackgroundJobs(deps, telegramBot);
    return { stop, leads: () => true };
  }
  if (config.role === 'worker' && config.databaseUrl) {
    const leadership = holdLeadership({
      databaseUrl: config.databaseUrl,
      logger,
      lead: () => startBackgroundJobs(deps, telegramBot),
    });
    return leadership;
  }
  return { stop: async () => undefined, leads: () => false };
}

/** What the role serves over HTTP: the whole API, or a worker's health checks alone. */
function requestListener(deps: AppDeps): RequestListener {
  if (deps.config.role === 'worker') return getRequestListener(createWorkerApp(deps).fetch);
  return createWriteListener(deps, getRequestListener(createApp(deps).fetch));
}

/**
 * Opens the database (migrating it), connects InfluxDB and the event bus, builds the app,
 * starts what the role runs (ROLE: all, api or worker) and listens. Used by main, tests and
 * tools. With ROLE=api the treasury key is never read: payout runs go to the worker.
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
    const payouts = config.role === 'api' ? undefined : await createPayoutService(config, logger);
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
    const jobs = await startJobs(deps, telegramBot);
    cleanups.push(jobs.stop);
    const metricsListener = await startMetricsListener({ ...deps, leads: jobs.leads });
    if (metricsListener) cleanups.push(metricsListener.stop);
    const server = await listen(requestListener(deps), config);
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
      metricsUrl: metricsListener?.url,
      leads: jobs.leads,
      flush: () => ingest.deviceState.idle(),
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
