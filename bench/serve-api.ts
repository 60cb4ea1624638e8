// Runs the API as main.ts does, on a port the system picks (PORT=0), and announces its URL on
// stdout, so a benchmark talks only to the server it started.
import { createLogger, parseConfig, startApi } from '@ioworker/api';

const config = parseConfig({ ...process.env, PORT: '0' });
const api = await startApi(config, createLogger(config.logLevel));
process.stdout.write(`${JSON.stringify({ url: api.url })}\n`);
process.on('SIGTERM', () => void api.stop().then(() => process.exit(0)));
