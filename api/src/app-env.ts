import type { IncomingMessage } from 'node:http';
import type { TokenScope } from '@ioworker/contract';
import type { Config } from './config.js';
import type { Db, LatestSample, StoredGpu } from './db/database.js';
import type { MetricsStore } from './influx/influx-client.js';
import type { Logger } from './lib/logger.js';
import type { SecretBox } from './lib/secret-box.js';
import type { DeviceListCache } from './features/devices/device-list.js';
import type { DeviceCredentialCache } from './features/ingest/credential-cache.js';
import type { DeviceStateBuffer } from './features/ingest/device-state.js';
import type { LiveSamples } from './features/ingest/live-samples.js';
import type { SampleWrites } from './features/ingest/sample-writes.js';
import type { KnownSeriesCache } from './features/ingest/series-budget.js';
import type { LiveEventBus } from './features/live/live-events.js';
import type { PayoutService } from './features/payouts/payout-service.js';
import type { RateCardBook } from './features/profitability/rate-card.js';

/** What the composition root (server.ts) hands every request. */
export type AppDeps = {
  config: Config;
  db: Db;
  logger: Logger;
  events: LiveEventBus;
  /** InfluxDB; undefined when INFLUX_URL is not set (the API then runs without metrics). */
  metrics: MetricsStore | undefined;
  /** Undefined when payouts are off (no TREASURY_KEYPAIR). */
  payouts: PayoutService | undefined;
  /** GPU model → typical rental revenue and power, for profitability estimates. */
  rateCard: RateCardBook;
  /** Aborted when the API stops: long-lived responses (event streams) end cleanly. */
  shutdown: AbortSignal;
  /** Seals stored credentials (notification targets and secrets) with SECRETS_KEY. */
  secrets: SecretBox;
  /** The Telegram bot alerts are sent from; undefined without TELEGRAM_BOT_TOKEN. */
  telegramBot: { username(): Promise<string> } | undefined;
  /** Each account's serialized device list, kept while its fingerprint holds. */
  deviceLists: DeviceListCache;
  /** Device credentials by hash, so that a node's write needs no query to authenticate. */
  deviceCredentials: DeviceCredentialCache;
  /** Each device's series as far as this instance knows them (never beyond the database's). */
  knownSeries: KnownSeriesCache;
  /** Device state, uptime and energy from writes, stored in batches. */
  deviceState: DeviceStateBuffer;
  /** Live samples from writes, sent out together every few ms. */
  liveSamples: LiveSamples;
  /** The write gateway's samples on their way to InfluxDB; undefined without metrics. */
  sampleWrites: SampleWrites | undefined;
};

/** What a signed-in user proved who they are with: a session, or a personal API token. */
export type UserCredential =
  { kind: 'session'; sessionId: string } | { kind: 'token'; tokenId: string; scope: TokenScope };

export type SignedInUser = {
  accountId: string;
  email: string;
  credential: UserCredential;
};

/** A node's device as its credential found it, with what ingest keeps between its writes. */
export type AuthenticatedDevice = {
  deviceId: string;
  accountId: string;
  name: string;
  timezone: string;
  intervalS: number;
  latest: LatestSample | null;
  gpus: StoredGpu[];
};

export type AppEnv = {
  /** Node's own request, when served by @hono/node-server (absent in-process: `app.request`). */
  Bindings: { incoming?: IncomingMessage };
  Variables: {
    deps: AppDeps;
    requestId: string;
    user: SignedInUser;
    device: AuthenticatedDevice;
  };
};
