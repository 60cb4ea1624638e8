/**
 * `npm run demo`: the demo fleet against a running API (compose runs it as a service). Needs
 * API_URL, SERVICE_TOKEN and ADMIN_TOKEN; keeps the nodes' configs in DATA_DIR.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DEMO_EMAIL, DEMO_PASSWORD } from './demo/demo-account.js';
import { startDemo } from './demo/start-demo.js';

const apiUrl = (process.env.API_URL ?? 'http://127.0.0.1:8080').replace(/\/+$/, '');
const { SERVICE_TOKEN: serviceToken, ADMIN_TOKEN: adminToken } = process.env;
if (!serviceToken || !adminToken) {
  console.error(
    'SERVICE_TOKEN and ADMIN_TOKEN must be set: the demo reports jobs and runs a payout.',
  );
  process.exit(1);
}
const dataDir = path.resolve(process.env.DATA_DIR || './.data');
mkdirSync(dataDir, { recursive: true });

const stop = await startDemo({ apiUrl, serviceToken, adminToken, dataDir });
console.log(`Demo fleet running against ${apiUrl}: sign in as ${DEMO_EMAIL} / ${DEMO_PASSWORD}.`);
const exit = () => void stop().then(() => process.exit(0));
process.on('SIGINT', exit);
process.on('SIGTERM', exit);
