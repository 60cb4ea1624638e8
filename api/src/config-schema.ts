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

/** A bound as the message says it: the number, and what it means where that helps. */
const bound = (value: number, note?: string) => (note ? `${value} (${note})` : `${value}`);

/** A duration in whole milliseconds within `[min, max]`, `fallback` when unset. */
function milliseconds(limits: {
  min: number;
  max: number;
  fallback: number;
  minNote?: string;
  maxNote?: string;
}) {
  return z.coerce
    .number({ error: 'must be a number of milliseconds' })
    .int()
    .min(limits.min, { error: `must be at least ${bound(limits.min, limits.minNote)}` })
    .max(limits.max, { error: `must be at most ${bound(limits.max, limits.maxNote)}` })
    .default(limits.fallback);
}

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
const RENT_EXEMPT_MINIMUM = 890_880n;

/** The environment as the API reads it: each variable checked, defaulted and converted. */
export const envSchema = z
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
    ROLLUP_INTERVAL_MS: milliseconds({
      min: 50,
      max: 600_000,
      fallback: 30_000,
      maxNote: '10 minutes',
    }),
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
    DELIVERY_MIN_BACKOFF_MS: milliseconds({
      min: 10,
      max: 3_600_000,
      fallback: 10_000,
      maxNote: '1 hour',
    }),
    DELIVERY_MAX_BACKOFF_MS: milliseconds({
      min: 1000,
      max: 86_400_000,
      fallback: 3_600_000,
      maxNote: '24 hours',
    }),
    DELIVERY_GROUP_MS: milliseconds({ min: 0, max: 60_000, fallback: 5000 }),
    DELIVERY_LEASE_MS: milliseconds({ min: 1000, max: 3_600_000, fallback: 60_000 }),
    DELIVERY_POLL_MS: milliseconds({ min: 10, max: 60_000, fallback: 1000 }),
    // Node's default (5 s) is shorter than a collector's default send interval (10 s): every
    // node opened a connection a write. A proxy in front must close idle connections first.
    HTTP_KEEP_ALIVE_MS: milliseconds({
      min: 1000,
      max: 3_600_000,
      fallback: 65_000,
      maxNote: '1 hour',
    }),
    DEVICE_STATE_FLUSH_MS: milliseconds({
      min: 0,
      max: 1000,
      fallback: 1000,
      minNote: '0: each write waits for its flush',
    }),
    ALERT_EVALUATION_MS: milliseconds({
      min: 50,
      max: 300_000,
      fallback: 15_000,
      maxNote: '5 minutes',
    }),
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
