import { envSchema, type Retention } from './config-schema.js';

export type { Retention } from './config-schema.js';

export type Config = Readonly<{
  production: boolean;
  host: string;
  port: number;
  /** How long an idle HTTP connection is kept open (`Keep-Alive: timeout=…`). */
  keepAliveMs: number;
  /** Where `GET /metrics` is served, on `host`; undefined: off. */
  metricsPort: number | undefined;
  databaseUrl: string | undefined;
  dataDir: string;
  influx: Readonly<{
    url: string | undefined;
    db: string;
    retentionPolicy: string | undefined;
    token: string | undefined;
    user: string | undefined;
    password: string | undefined;
    /** How long each series is kept (metric-rollups, docs/metrics.md). */
    retention: Readonly<{ raw: Retention; oneMinute: Retention; oneHour: Retention }>;
    /** Whether the 1-minute and 1-hour rollups are computed and read; off: raw only. */
    rollups: boolean;
    /** How often the rollup loop looks for windows to compute. */
    rollupIntervalMs: number;
  }>;
  roleTokens: Readonly<{ service?: string; alerts?: string; admin?: string }>;
  trustProxy: boolean;
  allowedOrigins: readonly string[];
  publicUrl: string;
  /** Where the app's pages are (in Grafana: `https://<grafana>/a/<plugin id>`): links in mail. */
  appUrl: string;
  /** The WebAuthn relying party id passkeys are bound to: a domain the allowed origins are on. */
  webauthnRpId: string;
  secureCookies: boolean;
  walletHoldHours: number;
  solana: Readonly<{
    rpcUrl: string | undefined;
    cluster: 'mainnet-beta' | 'devnet' | 'testnet' | 'localnet';
    treasuryKeypairPath: string | undefined;
  }>;
  payoutMinLamports: bigint;
  /** A payout above this waits for an admin's approval; undefined: no cap. */
  payoutMaxLamports: bigint | undefined;
  /** What may go out in any 24 hours; a payout past it waits. undefined: no cap. */
  payoutDailyMaxLamports: bigint | undefined;
  payoutSchedule: string;
  rateCardFile: string | undefined;
  /** How long device state, uptime and energy from writes wait to be stored in one batch. */
  stateFlushMs: number;
  logLevel: string;
  /**
   * `all`: HTTP and every background job in one process. `api`: HTTP only, never reading the
   * treasury key. `worker`: the background jobs, on one replica at a time. `migrate`: migrates
   * the database and exits.
   */
  role: 'all' | 'api' | 'worker' | 'migrate';
  /** Encrypts stored credentials (channel targets and secrets); unset outside production → a key file in dataDir. */
  secretsKey: string | undefined;
  notifications: Readonly<{
    smtpUrl: string | undefined;
    mailFrom: string;
    telegramBotToken: string | undefined;
    telegramApiUrl: string;
    /** Lets webhook, Discord and Slack URLs reach loopback and private addresses (development, tests). */
    allowPrivateTargets: boolean;
    minBackoffMs: number;
    /** The longest wait between two tries of a delivery (a receiver's Retry-After included). */
    maxBackoffMs: number;
    /** Alerts of one kind queued this close together go out as one message per channel. */
    groupMs: number;
    /** How long a claimed delivery is the claimer's; after a crash it is sent again then. */
    leaseMs: number;
    pollMs: number;
    /** How often the API checks devices against the alert rules (offline, hot, idle, …). */
    evaluationMs: number;
  }>;
}>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment once; every problem is listed, none is silently defaulted. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const withoutBlanks = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const result = envSchema.safeParse(withoutBlanks);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
    );
  }
  const parsed = result.data;
  const production = parsed.NODE_ENV === 'production';
  const appUrl = parsed.APP_URL ?? 'http://localhost:3000';
  return Object.freeze({
    production,
    host: parsed.HOST,
    port: parsed.PORT,
    keepAliveMs: parsed.HTTP_KEEP_ALIVE_MS,
    metricsPort: parsed.METRICS_PORT ?? undefined,
    databaseUrl: parsed.DATABASE_URL,
    dataDir: parsed.DATA_DIR,
    influx: Object.freeze({
      url: parsed.INFLUX_URL?.url,
      db: parsed.INFLUX_DB,
      retentionPolicy: parsed.INFLUX_RP,
      token: parsed.INFLUX_TOKEN,
      user: parsed.INFLUX_URL?.user ?? parsed.INFLUX_USER,
      password: parsed.INFLUX_URL?.password ?? parsed.INFLUX_PASSWORD,
      retention: Object.freeze({
        raw: parsed.INFLUX_RAW_RETENTION,
        oneMinute: parsed.INFLUX_ROLLUP_1M_RETENTION,
        oneHour: parsed.INFLUX_ROLLUP_1H_RETENTION,
      }),
      rollups: parsed.INFLUX_ROLLUPS,
      rollupIntervalMs: parsed.ROLLUP_INTERVAL_MS,
    }),
    roleTokens: Object.freeze({
      service: parsed.SERVICE_TOKEN,
      alerts: parsed.ALERTS_TOKEN,
      admin: parsed.ADMIN_TOKEN,
    }),
    trustProxy: parsed.TRUST_PROXY,
    allowedOrigins: Object.freeze(parsed.ALLOWED_ORIGINS),
    publicUrl: parsed.PUBLIC_URL,
    appUrl,
    webauthnRpId: parsed.WEBAUTHN_RP_ID ?? new URL(appUrl).hostname,
    secureCookies: production || parsed.PUBLIC_URL.startsWith('https://'),
    walletHoldHours: parsed.WALLET_HOLD_HOURS,
    solana: Object.freeze({
      rpcUrl: parsed.SOLANA_RPC_URL,
      cluster: parsed.SOLANA_CLUSTER,
      treasuryKeypairPath: parsed.TREASURY_KEYPAIR,
    }),
    payoutMinLamports: parsed.PAYOUT_MIN_LAMPORTS,
    payoutMaxLamports: parsed.PAYOUT_MAX_LAMPORTS,
    payoutDailyMaxLamports: parsed.PAYOUT_DAILY_MAX_LAMPORTS,
    payoutSchedule: parsed.PAYOUT_SCHEDULE,
    rateCardFile: parsed.RATE_CARD_FILE,
    stateFlushMs: parsed.DEVICE_STATE_FLUSH_MS,
    logLevel: parsed.LOG_LEVEL,
    role: parsed.ROLE,
    secretsKey: parsed.SECRETS_KEY,
    notifications: Object.freeze({
      smtpUrl: parsed.SMTP_URL,
      mailFrom: parsed.MAIL_FROM,
      telegramBotToken: parsed.TELEGRAM_BOT_TOKEN,
      telegramApiUrl: parsed.TELEGRAM_API_URL,
      allowPrivateTargets: parsed.WEBHOOK_ALLOW_PRIVATE,
      minBackoffMs: parsed.DELIVERY_MIN_BACKOFF_MS,
      maxBackoffMs: parsed.DELIVERY_MAX_BACKOFF_MS,
      groupMs: parsed.DELIVERY_GROUP_MS,
      leaseMs: parsed.DELIVERY_LEASE_MS,
      pollMs: parsed.DELIVERY_POLL_MS,
      evaluationMs: parsed.ALERT_EVALUATION_MS,
    }),
  });
}
