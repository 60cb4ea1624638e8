/**
 * `npm start`: IO Worker on this machine without Docker. The API on embedded PostgreSQL
 * (PGlite under DATA_DIR) and, when INFLUX_URL is unset and influxd is installed, a local
 * influxd whose data is kept beside it. Ctrl-C stops everything.
 */
import { ConfigError, createLogger, parseConfig, startApi } from '@ioworker/api';
import { hasInfluxd, startInfluxd, type RunningInfluxd } from '@ioworker/tools/local-services';
import { writeSolanaKeypairFile } from '@ioworker/tools/solana-keypair';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';

const env = { ...process.env };
const dataDir = path.resolve(env.DATA_DIR || './.data');

let influx: RunningInfluxd | undefined;
if (!env.INFLUX_URL) {
  if (hasInfluxd()) {
    const influxDir = path.join(dataDir, 'influxdb');
    mkdirSync(influxDir, { recursive: true });
    influx = await startInfluxd({ dataDir: influxDir });
    env.INFLUX_URL = influx.url;
  } else {
    console.warn(
      'influxd is not installed, so the API runs without metrics. Install it with `sudo apt-get install influxdb`, or set INFLUX_URL.',
    );
  }
}

// Payouts on the embedded ledger need a treasury: one is made once and kept with the data.
if (!env.TREASURY_KEYPAIR && !env.SOLANA_RPC_URL) {
  const treasury = path.join(dataDir, 'treasury.json');
  mkdirSync(dataDir, { recursive: true });
  if (!existsSync(treasury)) writeSolanaKeypairFile(treasury);
  env.TREASURY_KEYPAIR = treasury;
}

let config;
try {
  config = parseConfig({ ...env, DATA_DIR: dataDir });
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  await influx?.stop();
  process.exit(1);
}

const api = await startApi(config, createLogger(config.logLevel));
console.log(`
  IO Worker is running.
    API:        ${api.url}  (OpenAPI: ${api.url}/openapi.json)
    Database:   ${config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PostgreSQL in ${dataDir}`}
    Metrics:    ${config.influx.url ?? 'off (no influxd)'}
    Payouts:    ${config.solana.rpcUrl ? `Solana ${config.solana.cluster}` : 'embedded development ledger (no real SOL moves)'}
  Press Ctrl-C to stop.
`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  console.log('Stopping…');
  await api.stop();
  await influx?.stop();
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
