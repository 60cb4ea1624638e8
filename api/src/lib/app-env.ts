import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import type { Logger } from './logger.js';

export type AppDeps = {
  config: Config;
  db: Db;
  logger: Logger;
  /** When the API started; `/healthz` reports uptime from it. */
  startedAt: Date;
};

export type SignedInUser = {
  accountId: string;
  email: string;
  sessionId: string;
};

export type AuthenticatedDevice = { deviceId: string; accountId: string };

export type AppEnv = {
  Variables: {
    deps: AppDeps;
    requestId: string;
    user: SignedInUser;
    device: AuthenticatedDevice;
  };
};
