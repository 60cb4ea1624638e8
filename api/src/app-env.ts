import type { TokenScope } from '@ioworker/contract';
import type { Config } from './config.js';
import type { Db, LatestSample, StoredGpu } from './db/database.js';
import type { MetricsStore } from './influx/influx-client.js';
import type { Logger } from './lib/logger.js';
import type { SecretBox } from './lib/secret-box.js';
import type { DeviceListCache } from './features/devices/device-list.js';
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
};

/** What a signed-in user proved who they are with: a session, or a personal API token. */
export type UserCredential =
  { kind: 'session'; sessionId: string } | { kind: 'token'; tokenId: string; scope: TokenScope };

export type SignedInUser = {
  accountId: string;
  email: string;
  credential: UserCredential;
};

/** A node's device as its credential found it, with what ingest needs (one query per write). */
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
  Variables: {
    deps: AppDeps;
    requestId: string;
    user: SignedInUser;
    device: AuthenticatedDevice;
  };
};
