import { z } from 'zod';
import {
  checkPayoutCaps,
  checkProductionEnv,
  checkRelyingParty,
  lamportsCap,
  publicUrl,
  webauthnRpId,
  withoutCredentials,
} from './config-rules.js';

const booleanFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], {
    error: 'must be true or false',
  })
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const optionalSecret = z
  .string()
  .min(16, { error: 'must be at least 16 characters (use a long random value)' })
  .optional();

const origin = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) origin' })
  .transform((value) => {
    const url = new URL(value);
    return url.origin;
  });

/** An InfluxDB retention duration (`7d`, `168h`, `52w`) or `inf` (kept forever). */
const retention = z
  .string()
  .regex(/^(\d{1,5}[hdw]|inf)$/i, { error: 'must be a duration like 7d, 720h or 52w, or inf' })
  .transform(parseRetention)
  .refine((value) => value.seconds >= 3600, { error: 'must be at least 1h (InfluxDB minimum)' });

export type Retention = Readonly<{ influxql: string; seconds: number }>;

const RETENTION_UNIT_S: Record<string, number> = { h: 3600, d: 86_400, w: 604_800 };

function parseRetention(value: string): Retention {
  const text = value.toLowerCase();
  if (text === 'inf') return { influxql: 'INF', seconds: Number.POSITIVE_INFINITY };
  const [, amount = '0', unit = 'h'] = /^(\d+)([hdw])$/.exec(text) ?? [];
  return { influxql: text, seconds: Number(amount) * (RETENTION_UNIT_S[unit] ?? 0) };
}

/**
 * The write gateway accepts samples up to 7 days old (ingest's HORIZON): raw data must be kept
 * at least that long, or InfluxDB refuses a replayed buffer ("points beyond retention policy").
 */
const RAW_RETENTION_MIN_S = 7 * 86_400;

/** A transfer that leaves a new account below this fails on chain. */
export const RENT_EXEMPT_MINIMUM = 890_880n;

const envSchema = z
  .object({
    NODE_ENV: z.string().optional(),
    HOST: z.string().default('127.0.0.1'),
    PORT: z.coerce
      .number({ error: 'must be a port number' })
      .int()
      .min(0)
      .max(65535, { error: 'must be a port number (0-65535)' })
      .default(8080),
    // Prometheus metrics (features/platform-metrics): 0 picks a free port, like PORT.
    METRICS_PORT: z
      .string()
      .regex(/^(off|\d{1,5})$/, { error: 'must be a port number (0-65535) or off' })
      .transform((value) => (value === 'off' ? null : Number(value)))
      .refine((value) => value === null || value <= 65535, {
        error: 'must be a port number (0-65535) or off',
      })
      .default(9464),
    DATABASE_URL: z
      .url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' })
      .optional(),
    DATA_DIR: z.string().min(1).default('./.data'),
    INFLUX_URL: z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
      .transform(withoutCredentials)
      .optional(),
    INFLUX_DB: z.string().min(1).default('ioworker'),
    INFLUX_RP: z.string().min(1).optional(),
    INFLUX_TOKEN: z.string().min(1).optional(),
    INFLUX_USER: z.string().min(1).optional(),
    INFLUX_PASSWORD: z.string().min(1).optional(),
    INFLUX_RAW_RETENTION: retention
      .refine((value) => value.seconds >= RAW_RETENTION_MIN_S, {
        error: 'must be at least 7d (nodes may send samples up to 7 days old)',
      })
      .default(parseRetention('7d')),
    INFLUX_ROLLUP_1M_RETENTION: retention.default(parseRetention('30d')),
    INFLUX_ROLLUP_1H_RETENTION: retention.default(parseRetention('400d')),
    INFLUX_ROLLUPS: booleanFromEnv.default(true),
    ROLLUP_INTERVAL_MS: z.coerce
      .number({ error: 'must be a number of milliseconds' })
      .int()
      .min(50, { error: 'must be at least 50' })
      .max(600_000, { error: 'must be at most 600000 (10 minutes)' })
      .default(30_000),
    SERVICE_TOKEN: optionalSecret,
    ALERTS_TOKEN: optionalSecret,
    ADMIN_TOKEN: optionalSecret,
    TRUST_PROXY: booleanFromEnv.default(false),
    ALLOWED_ORIGINS: z
      .string()
      .default('http://localhost:3000')
      .transform((value) =>
        value
          .split(',')
          .map((item) => item.trim())
          .filter(Boolean),
      )
      .pipe(z.array(origin)),
    PUBLIC_URL: publicUrl,
    APP_URL: z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
      .refine((value) => !/[?#]/.test(value), { error: 'must have no query or fragment' })
      .transform((value) => value.replace(/\/+$/, ''))
      .optional(),
    WEBAUTHN_RP_ID: webauthnRpId,
    SOLANA_RPC_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
    SOLANA_CLUSTER: z
      .enum(['mainnet-beta', 'devnet', 'testnet', 'localnet'], {
        error: 'must be mainnet-beta, devnet, testnet or localnet',
      })
      .default('devnet'),
    TREASURY_KEYPAIR: z.string().min(1).optional(),
    PAYOUT_MIN_LAMPORTS: z
      .string()
      .regex(/^\d{1,19}$/, { error: 'must be a whole number of lamports' })
      .transform(BigInt)
      .refine((value) => value >= RENT_EXEMPT_MINIMUM, {
        error: `must be at least ${RENT_EXEMPT_MINIMUM} (the rent-exempt minimum of an account)`,
      })
      .default(100_000_000n),
    PAYOUT_MAX_LAMPORTS: lamportsCap,
    PAYOUT_DAILY_MAX_LAMPORTS: lamportsCap,
    PAYOUT_SCHEDULE: z
      .string()
      .regex(/^(off|hourly|daily@([01]\d|2[0-3]):[0-5]\d)$/, {
        error: 'must be off, hourly or daily@HH:MM (UTC)',
      })
      .default('off'),
    RATE_CARD_FILE: z.string().min(1).optional(),
    WALLET_HOLD_HOURS: z.coerce
      .number({ error: 'must be a number of hours' })
      .min(0, { error: 'must be at least 0' })
      .max(720, { error: 'must be at most 720 (30 days)' })
      .default(24),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
    ROLE: z
      .enum(['all', 'api', 'worker', 'migrate'], { error: 'must be all, api, worker or migrate' })
      .default('all'),
    SECRETS_KEY: z
      .string()
      .min(32, { error: 'must be at least 32 characters (use a long random value)' })
      .optional(),
    SMTP_URL: z
      .url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' })
      .optional(),
    MAIL_FROM: z.string().min(3).default('IO Worker <alerts@ioworker.local>'),
    TELEGRAM_BOT_TOKEN: z
      .string()
      .regex(/^\d+:[\w-]{20,}$/, { error: 'must be a bot token from @BotFather (123456:ABC…)' })
      .optional(),
    TELEGRAM_API_URL: z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
      .default('https://api.telegram.org')
      .transform((value) => value.replace(/\/+$/, '')),
    WEBHOOK_ALLOW_PRIVATE: booleanFromEnv.default(false),
    DELIVERY_MIN_BACKOFF_MS: z.coerce
      .number({ error: 'must be a number of milliseconds' })
      .int()
      .min(10, { error: 'must be at least 10' })
      .max(3_600_000, { error: 'must be at most 3600000 (1 hour)' })
      .default(10_000),
    DELIVERY_MAX_BACKOFF_MS: z.coerce
      .number({ error: 'must be a number of milliseconds' })
      .int()
      .min(1000, { error: 'must be at least 1000' })
      .max(86_400_000, { error: 'must be at most 86400000 (24 hours)' })
      .default(3_600_000),
    DELIVERY_GROUP_MS: z.coerce
      .number({ error: 'must be a number of milliseconds' })
      .int()
      .min(0, { error: 'must be at least 0' })
      .max(60_000, { error: 'must be at most 60000' })
      .default(5000),
    DELIVERY_LEASE_MS: z.coerce
      .number({ error: 'must be a number of milliseconds' })
      .int()
      .min(1000, { error: 'must be at least 1000' })
      .max(3_600_000, { error: 'must be at most 3600000' })
      .default(60_000),
    DELIVERY_POLL_MS: z.coerce
      .number({ error: 'must be a number of milliseconds' })
      .int()
      .min(10, { error: 'must be at least 10' })
      .max(60_000, { error: 'must be at most 60000' })
      .default(1000),
    DEVICE_STATE_FLUSH_MS: z.coerce
      .number({ error: 'must be a number of milliseconds' })
      .int()
      .min(0, { error: 'must be at least 0 (0: each write waits for its flush)' })
      .max(1000, { error: 'must be at most 1000' })
      .default(1000),
    ALERT_EVALUATION_MS: z.coerce
      .number({ error: 'must be a number of milliseconds' })
      .int()
      .min(50, { error: 'must be at least 50' })
      .max(300_000, { error: 'must be at most 300000 (5 minutes)' })
      .default(15_000),
  })
  .superRefine(checkRelyingParty)
  .superRefine((env, ctx) => {
    // Embedded PGlite lives in one process's memory and data folder: only one process can own it.
    if (env.ROLE !== 'all' && !env.DATABASE_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['ROLE'],
        message: `${env.ROLE} needs DATABASE_URL: without it the embedded database belongs to one process, which must be ROLE=all`,
      });
    }
  })
  .superRefine(checkPayoutCaps)
  .superRefine((env, ctx) => {
    if (env.INFLUX_URL?.user && (env.INFLUX_USER || env.INFLUX_PASSWORD)) {
      ctx.addIssue({
        code: 'custom',
        path: ['INFLUX_URL'],
        message:
          'has a user and password, and so do INFLUX_USER or INFLUX_PASSWORD: give them once',
      });
    }
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV !== 'production') return;
    for (const name of ['SERVICE_TOKEN', 'ALERTS_TOKEN', 'ADMIN_TOKEN'] as const) {
      if (!env[name])
        ctx.addIssue({ code: 'custom', path: [name], message: 'is required in production' });
    }
    for (const name of ['SECRETS_KEY', 'SMTP_URL', 'APP_URL'] as const) {
      if (!env[name])
        ctx.addIssue({ code: 'custom', path: [name], message: 'is required in production' });
    }
    if (!env.PUBLIC_URL.startsWith('https://')) {
      ctx.addIssue({
        code: 'custom',
        path: ['PUBLIC_URL'],
        message: 'must be https in production',
      });
    }
    checkProductionEnv(env, ctx);
  });

export type Config = Readonly<{
  production: boolean;
  host: string;
  port: number;
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
