import { randomBytes } from 'node:crypto';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type {} from '@ioworker/tools/test/global-setup';
import { inject } from 'vitest';
import { parseConfig } from '../config.js';
import type { Database, Db } from '../db/database.js';
import { createInfluxClient, type InfluxSeries } from '../influx/influx-client.js';
import { createLogger, type Logger } from '../lib/logger.js';
import { startApi, type RunningApi } from '../server.js';

export const TEST_ORIGIN = 'http://localhost:3000';
export const ROLE_TOKENS = {
  SERVICE_TOKEN: 'service-token-for-tests-0123456789',
  ALERTS_TOKEN: 'alerts-token-for-tests-0123456789',
  ADMIN_TOKEN: 'admin-token-for-tests-0123456789',
};

export type TestApi = RunningApi & {
  /** Its database and InfluxDB database, to start a second instance on the same data. */
  env: { DATABASE_URL: string; INFLUX_DB: string };
  /** Direct access for arranging what HTTP cannot (an expired session) and for checking storage. */
  db: Db;
  /** InfluxQL straight to this API's InfluxDB database, to check what was stored. */
  influx(query: string): Promise<InfluxSeries[]>;
  close(): Promise<void>;
};

/** A fresh, empty database on the run's PostgreSQL server, named with `prefix`: its URL. */
export async function freshDatabaseUrl(prefix: string): Promise<{ name: string; url: string }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: inject('postgresUrl') });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(inject('postgresUrl'));
  url.pathname = `/${name}`;
  return { name, url: url.toString() };
}

/**
 * A real API on a real socket over a fresh database on the run's PostgreSQL server.
 * `env` overrides the environment the API is configured from; `logger` replaces the silent one.
 */
export async function startTestApi(
  env: Record<string, string | undefined> = {},
  options: { logger?: Logger } = {},
): Promise<TestApi> {
  const { name, url: databaseUrl } = await freshDatabaseUrl('iow_test');
  const config = parseConfig({
    PORT: '0',
    DATABASE_URL: databaseUrl,
    INFLUX_URL: inject('influxUrl'),
    INFLUX_DB: name,
    PUBLIC_URL: 'http://localhost:8080',
    ALLOWED_ORIGINS: TEST_ORIGIN,
    LOG_LEVEL: 'silent',
    TRUST_PROXY: 'true',
    // Each write waits for its device state to be stored, so tests read it at once; tests of
    // the batched flush set DEVICE_STATE_FLUSH_MS themselves.
    DEVICE_STATE_FLUSH_MS: '0',
    // Parallel test APIs cannot all take 9464; a test of the metrics asks for a port.
    METRICS_PORT: 'off',
    ...ROLE_TOKENS,
    ...env,
  });
  const api = await startApi(config, options.logger ?? createLogger(config.logLevel));
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: databaseUrl, max: 2 }) }),
  });
  const influx = config.influx.url
    ? createInfluxClient({ ...config.influx, url: config.influx.url })
    : undefined;
  return {
    ...api,
    env: { DATABASE_URL: config.databaseUrl ?? databaseUrl, INFLUX_DB: config.influx.db },
    db,
    influx: (query) => (influx ? influx.query(query) : Promise.resolve([])),
    close: async () => {
      await api.stop();
      await db.destroy();
    },
  };
}
