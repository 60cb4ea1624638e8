export { createApp, type AppType } from './app.js';
export { parseConfig, ConfigError, type Config } from './config.js';
export { startApi, type RunningApi } from './server.js';
export { openDatabase, type DatabaseHandle } from './db/connect.js';
export { createLogger } from './lib/logger.js';
export type { LiveEventData, AccountEventType } from './features/live/live-events.js';
export type { SecurityLogAction } from './features/audit/audit.js';
export { createSecretBox } from './lib/secret-box.js';
// The floor a write gateway cannot go below (store what arrives, as ours shares its POSTs),
// for bench/ingest.bench.ts.
export { createInfluxClient } from './influx/influx-client.js';
export { createSampleWrites } from './features/ingest/sample-writes.js';
// What a sign-in costs, for bench/auth.bench.ts.
export { hashPassword, verifyPassword } from './features/auth/passwords.js';
export { newTotpKey, stepOfCode } from './features/two-factor/second-factor.js';
