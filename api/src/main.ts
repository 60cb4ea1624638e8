import { ConfigError, parseConfig } from './config.js';
import { openDatabase } from './db/connect.js';
import { createLogger } from './lib/logger.js';
import { startApi } from './server.js';

function loadConfigOrExit() {
  try {
    return parseConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

const config = loadConfigOrExit();
const logger = createLogger(config.logLevel);
// A deployment's migration job: the schema brought up to date, and nothing else started.
if (config.role === 'migrate') {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await database.close();
  logger.info({ database: database.kind }, 'database migrated');
  process.exit(0);
}
const api = await startApi(config, logger);
logger.info(
  {
    url: api.url,
    role: config.role,
    database: api.databaseKind,
    metrics: api.metricsUrl ?? 'off',
    influx: config.influx.url ?? 'not configured',
  },
  'IO Worker API listening',
);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  await api.stop();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
