import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.js';
import type { Config } from './config.js';
import { openDatabase } from './db/connect.js';
import { createLogger, type Logger } from './lib/logger.js';

export type RunningApi = {
  url: string;
  port: number;
  databaseKind: 'postgres' | 'pglite';
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

/** Opens the database (migrating it), builds the app and listens. Used by main, tests and tools. */
export async function startApi(
  config: Config,
  logger: Logger = createLogger(config.logLevel),
): Promise<RunningApi> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const app = createApp({ config, db: database.db, logger, startedAt: new Date() });
  let server: ServerType;
  try {
    server = await listen(app, config);
  } catch (error) {
    await database.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    port,
    databaseKind: database.kind,
    stop: async () => {
      await closeServer(server);
      await database.close();
    },
  };
}
