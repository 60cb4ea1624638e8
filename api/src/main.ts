import { ConfigError, parseConfig } from './config.js';
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
const api = await startApi(config, logger);
logger.info(
  { url: api.url, database: api.databaseKind, influx: config.influx.url ?? 'not configured' },
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
