/**
 * `npm start`: IO Worker on this machine without Docker. The API on embedded PostgreSQL
 * (PGlite under DATA_DIR) and, when INFLUX_URL is unset and influxd is installed, a local
 * influxd whose data is kept beside it; payouts on the embedded ledger; and, unless DEMO=off,
 * a demo account with two simulated nodes and a job simulator; and the app's pages (the
 * plugin's browser harness) at http://localhost:3000. Ctrl-C stops everything; a second start
 * reuses the data.
 */
import { ConfigError, createLogger, parseConfig, startApi } from '@ioworker/api';
import {
  hasInfluxd,
  startInfluxd,
  startMailCatcher,
  type CaughtMail,
  type RunningInfluxd,
  type RunningMailCatcher,
} from '@ioworker/tools/local-services';
import { writeSolanaKeypairFile } from '@ioworker/tools/solana-keypair';
import { buildHarness, serveHarness } from '@ioworker/plugin/harness';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { DEMO_EMAIL, DEMO_PASSWORD } from './demo/demo-account.js';
import { demoSecrets } from './demo/demo-secrets.js';
import { startDemo } from './demo/start-demo.js';
import path from 'node:path';

const env = { ...process.env };
// Request logs of the demo's nodes would drown the terminal; LOG_LEVEL=info brings them back.
env.LOG_LEVEL ??= 'warn';
const dataDir = path.resolve(env.DATA_DIR || './.data');
const uiPort = Number(env.UI_PORT || 3000);
const apiPort = Number(env.PORT || 8080);
// The pages and the API on one host name (localhost), so the browser sends the session cookie.
const browserApiUrl = `http://localhost:${apiPort}`;
env.ALLOWED_ORIGINS ??= `http://localhost:${uiPort}`;
// Links in account mail (verification, password reset) open these pages.
env.APP_URL ??= `http://localhost:${uiPort}`;
env.PUBLIC_URL ??= browserApiUrl;
env.PORT = String(apiPort);

let influx: RunningInfluxd | undefined;
if (!env.INFLUX_URL) {
  // Where influxd cannot be installed, the script has printed the command, and the API says
  // once what runs without metrics.
  if (hasInfluxd() || installInfluxd()) {
    const influxDir = path.join(dataDir, 'influxdb');
    mkdirSync(influxDir, { recursive: true });
    influx = await startInfluxd({ dataDir: influxDir });
    env.INFLUX_URL = influx.url;
  }
}

// Email channels work locally: a real SMTP server keeps what the API sends and shows it here.
let mail: RunningMailCatcher | undefined;
if (!env.SMTP_URL) {
  mail = await startMailCatcher({ onMessage: showMail });
  env.SMTP_URL = mail.url;
}

// Payouts on the embedded ledger need a treasury: one is made once and kept with the data.
if (!env.TREASURY_KEYPAIR && !env.SOLANA_RPC_URL) {
  const treasury = path.join(dataDir, 'treasury.json');
  mkdirSync(dataDir, { recursive: true });
  if (!existsSync(treasury)) writeSolanaKeypairFile(treasury);
  env.TREASURY_KEYPAIR = treasury;
}

const demo = env.DEMO !== 'off';
if (demo) {
  const secrets = demoSecrets(dataDir);
  env.SERVICE_TOKEN ??= secrets.serviceToken;
  env.ADMIN_TOKEN ??= secrets.adminToken;
  env.ALERTS_TOKEN ??= secrets.alertsToken;
  // Demo earnings are small and the demo wallet is new: pay them soon, without the hold.
  env.WALLET_HOLD_HOURS ??= '0';
  env.PAYOUT_MIN_LAMPORTS ??= '20000000';
  env.PAYOUT_SCHEDULE ??= 'hourly';
}

let config;
try {
  config = parseConfig({ ...env, DATA_DIR: dataDir });
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  await influx?.stop();
  process.exit(1);
}

// Built before the API starts, so that the build's esbuild service is gone before anything
// else in this process could use esbuild.
await buildHarness();
const api = await startApi(config, createLogger(config.logLevel));
const ui = await serveHarness({ apiUrl: browserApiUrl, port: uiPort, host: '127.0.0.1' });
const stopDemo = demo
  ? await startDemo({
      apiUrl: api.url,
      serviceToken: env.SERVICE_TOKEN ?? '',
      adminToken: env.ADMIN_TOKEN ?? '',
      dataDir,
    })
  : undefined;
console.log(`
  IO Worker is running.
    Open:       ${ui.url}
    API:        ${api.url}  (OpenAPI: ${api.url}/openapi.json)
    Database:   ${config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PostgreSQL in ${dataDir}`}
    InfluxDB:   ${config.influx.url ?? 'off (no influxd): no charts'}
    Prometheus: ${api.metricsUrl ?? 'off (METRICS_PORT=off)'}
    Email:      ${mail ? `caught by a local SMTP server at ${mail.url}; messages show here` : 'SMTP_URL'}
    Payouts:    ${config.solana.rpcUrl ? `Solana ${config.solana.cluster}` : 'embedded development ledger (no real SOL moves)'}${
      demo
        ? `
    Demo:       sign in as ${DEMO_EMAIL} / ${DEMO_PASSWORD}; two simulated nodes report every 5 s,
                jobs complete every 40 s, a first payout runs after 90 s (DEMO=off to skip)`
        : ''
    }
  Press Ctrl-C to stop.
`);

/** A caught email, as the terminal shows it: who, what, and its text with any link in it. */
function showMail(message: CaughtMail): void {
  const text = message.text.trim().split('\n').slice(0, 16).join('\n      ');
  console.log(`\n  ✉ To ${message.to.join(', ')}: ${message.subject}\n      ${text}\n`);
}

/** The system-package script `npm test` uses, for influxd alone; reports whether it is there now. */
function installInfluxd(): boolean {
  console.log('influxd (InfluxDB) is not installed; installing it for the metrics…');
  const result = spawnSync(
    'bash',
    [path.join(import.meta.dirname, 'ensure-system-deps.sh'), 'influxdb'],
    {
      stdio: 'inherit',
    },
  );
  return result.status === 0 && hasInfluxd();
}

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  console.log('Stopping…');
  await stopDemo?.();
  await ui.close();
  await api.stop();
  await mail?.stop();
  await influx?.stop();
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
