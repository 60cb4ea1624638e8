import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

/** A production configuration that passes: random, distinct secrets. */
const PRODUCTION = {
  NODE_ENV: 'production',
  PUBLIC_URL: 'https://api.example.com',
  SERVICE_TOKEN: '3f9c1a7e0b5d48e2a6c4f1b8d9e07a35',
  ALERTS_TOKEN: 'q8Zt2LwX5vRk9NpB4mYc7HsD1gJf6eAu',
  ADMIN_TOKEN: 'b7E2-kP9_xQ4mW1zR8tY5uN3vL6cJ0hG',
  SECRETS_KEY: 'Vn4Hq8Tz1Lc6Rw3Yb9Mx2Kf7Jd5Pg0Sa',
  SMTP_URL: 'smtps://alerts:secret@smtp.example.com:465',
  APP_URL: 'https://grafana.example.com/a/ioworker-worker-app',
};

describe('parseConfig', () => {
  it('has the documented defaults', () => {
    const config = parseConfig({});
    expect(config).toMatchObject({
      production: false,
      host: '127.0.0.1',
      port: 8080,
      databaseUrl: undefined,
      dataDir: './.data',
      influx: { url: undefined, db: 'ioworker' },
      roleTokens: { service: undefined, alerts: undefined, admin: undefined },
      trustProxy: false,
      allowedOrigins: ['http://localhost:3000'],
      publicUrl: 'http://localhost:8080',
      secureCookies: false,
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('lists every problem at once', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      DATABASE_URL: 'mysql://db',
      TRUST_PROXY: 'maybe',
      ALLOWED_ORIGINS: 'http://ok.example, not a url',
      ADMIN_TOKEN: 'short',
    });
    expect(problems).toHaveLength(5);
    expect(problems.join('\n')).toMatch(/^PORT: /m);
    expect(problems.join('\n')).toMatch(/^DATABASE_URL: must be a postgres:\/\/ URL/m);
    expect(problems.join('\n')).toMatch(/^TRUST_PROXY: must be true or false/m);
    expect(problems.join('\n')).toMatch(/^ALLOWED_ORIGINS\.1: must be an http\(s\) origin/m);
    expect(problems.join('\n')).toMatch(/^ADMIN_TOKEN: must be at least 16 characters/m);
  });

  it('requires the role tokens, a secrets key, SMTP and an https PUBLIC_URL in production', () => {
    const problems = problemsOf({ NODE_ENV: 'production', PUBLIC_URL: 'http://api.example.com' });
    expect(problems).toEqual([
      'SERVICE_TOKEN: is required in production',
      'ALERTS_TOKEN: is required in production',
      'ADMIN_TOKEN: is required in production',
      'SECRETS_KEY: is required in production',
      'SMTP_URL: is required in production',
      'APP_URL: is required in production',
      'PUBLIC_URL: must be https in production',
    ]);
    const config = parseConfig({ ...PRODUCTION, PUBLIC_URL: 'https://api.example.com/' });
    expect(config.publicUrl).toBe('https://api.example.com');
    expect(config.secureCookies).toBe(true);
  });

  it('treats an empty variable as unset', () => {
    expect(parseConfig({ ADMIN_TOKEN: '', PORT: '' })).toMatchObject({
      port: 8080,
      roleTokens: { admin: undefined },
    });
  });

  it('keeps payouts above the rent-exempt minimum and checks the schedule and cluster', () => {
    expect(
      problemsOf({
        PAYOUT_MIN_LAMPORTS: '890879',
        PAYOUT_SCHEDULE: 'weekly',
        SOLANA_CLUSTER: 'moon',
      }),
    ).toEqual([
      'SOLANA_CLUSTER: must be mainnet-beta, devnet, testnet or localnet',
      'PAYOUT_MIN_LAMPORTS: must be at least 890880 (the rent-exempt minimum of an account)',
      'PAYOUT_SCHEDULE: must be off, hourly or daily@HH:MM (UTC)',
    ]);
    expect(
      parseConfig({ PAYOUT_MIN_LAMPORTS: '890880', PAYOUT_SCHEDULE: 'daily@02:30' }),
    ).toMatchObject({
      payoutMinLamports: 890880n,
      payoutSchedule: 'daily@02:30',
      walletHoldHours: 24,
      solana: { cluster: 'devnet', rpcUrl: undefined, treasuryKeypairPath: undefined },
    });
  });

  it('takes payout caps in whole lamports, none below the minimum, the daily one not below the per-payout one', () => {
    expect(parseConfig({})).toMatchObject({
      payoutMaxLamports: undefined,
      payoutDailyMaxLamports: undefined,
    });
    expect(
      parseConfig({ PAYOUT_MAX_LAMPORTS: '5000000000', PAYOUT_DAILY_MAX_LAMPORTS: '20000000000' }),
    ).toMatchObject({ payoutMaxLamports: 5_000_000_000n, payoutDailyMaxLamports: 20_000_000_000n });
    expect(problemsOf({ PAYOUT_MAX_LAMPORTS: '1.5', PAYOUT_DAILY_MAX_LAMPORTS: '0' })).toEqual([
      'PAYOUT_MAX_LAMPORTS: must be a whole number of lamports above 0',
      'PAYOUT_DAILY_MAX_LAMPORTS: must be a whole number of lamports above 0',
    ]);
    expect(problemsOf({ PAYOUT_MAX_LAMPORTS: '99999999' })).toEqual([
      'PAYOUT_MAX_LAMPORTS: must be at least PAYOUT_MIN_LAMPORTS (100000000)',
    ]);
    expect(
      problemsOf({ PAYOUT_MAX_LAMPORTS: '300000000', PAYOUT_DAILY_MAX_LAMPORTS: '200000000' }),
    ).toEqual(['PAYOUT_DAILY_MAX_LAMPORTS: must be at least PAYOUT_MAX_LAMPORTS (300000000)']);
  });
});

describe('PUBLIC_URL', () => {
  it.each([
    ['a command substitution', 'https://api.example.com/$(touch /tmp/pwned)'],
    ['a command separator', 'https://api.example.com/;reboot'],
    ['backticks', 'https://api.example.com/`id`'],
    ['a single quote', "https://api.example.com/'"],
    ['a double quote', 'https://api.example.com/"'],
    ['a space', 'https://api.example.com/a b'],
    ['a pipe and an ampersand', 'https://api.example.com/a|b&c'],
    ['a query', 'https://api.example.com/?a=1'],
    ['a fragment', 'https://api.example.com/#top'],
    ['credentials', 'https://user:secret@api.example.com'],
    ['a percent sign (cmd.exe expands %VARS%)', 'https://api.example.com/%PATH%'],
    ['a glob', 'https://api.example.com/*'],
    ['another scheme', 'ftp://api.example.com'],
  ])('refuses %s', (_, value) => {
    expect(problemsOf({ PUBLIC_URL: value })).toEqual([
      'PUBLIC_URL: must be a plain http(s) URL: host, optional port and path (letters, digits, . _ - /), without credentials, query, fragment, quotes, spaces or shell characters',
    ]);
  });

  it.each([
    ['http://localhost:8080', 'http://localhost:8080'],
    ['https://API.example.com/', 'https://api.example.com'],
    ['https://example.com/io-worker/api_v1/', 'https://example.com/io-worker/api_v1'],
    ['http://10.0.0.5:80', 'http://10.0.0.5'],
  ])('takes %s as %s', (value, publicUrl) => {
    expect(parseConfig({ PUBLIC_URL: value }).publicUrl).toBe(publicUrl);
  });
});

describe('production secrets', () => {
  it('passes a production configuration with random, distinct secrets', () => {
    expect(parseConfig(PRODUCTION).production).toBe(true);
  });

  it('refuses every secret default that .env.example and docker-compose.yml ship', () => {
    const root = new URL('../../', import.meta.url);
    const compose = readFileSync(new URL('docker-compose.yml', root), 'utf8');
    const example = readFileSync(new URL('.env.example', root), 'utf8');
    const defaults = new Map<string, Set<string>>();
    const add = (name: string, value: string) =>
      defaults.set(name, (defaults.get(name) ?? new Set()).add(value));
    for (const [, name, value] of compose.matchAll(/\$\{(\w+):-([^}]+)\}/g)) add(name!, value!);
    for (const [, name, value] of example.matchAll(/^(\w+)=(.+)$/gm)) add(name!, value!);
    const secrets = ['SERVICE_TOKEN', 'ALERTS_TOKEN', 'ADMIN_TOKEN', 'SECRETS_KEY', 'INFLUX_TOKEN'];
    for (const name of secrets) {
      expect(defaults.get(name)?.size, name).toBeGreaterThan(0);
      for (const value of defaults.get(name) ?? []) {
        expect(problemsOf({ ...PRODUCTION, [name]: value }), `${name}=${value}`).toContain(
          `${name}: is a placeholder from .env.example or docker-compose.yml; set a random secret`,
        );
      }
    }
    for (const password of defaults.get('POSTGRES_PASSWORD') ?? []) {
      const url = `postgres://ioworker:${password}@postgres:5432/ioworker`;
      expect(problemsOf({ ...PRODUCTION, DATABASE_URL: url })).toEqual([
        'DATABASE_URL: has a placeholder password from .env.example or docker-compose.yml; set a random one',
      ]);
    }
    expect(defaults.get('POSTGRES_PASSWORD')?.size).toBeGreaterThan(0);
  });

  it('refuses identical role tokens', () => {
    const token = PRODUCTION.SERVICE_TOKEN;
    expect(problemsOf({ ...PRODUCTION, ALERTS_TOKEN: token, ADMIN_TOKEN: token })).toEqual([
      'ALERTS_TOKEN: must differ from SERVICE_TOKEN',
      'ADMIN_TOKEN: must differ from SERVICE_TOKEN',
    ]);
  });

  it.each([
    [
      'shorter than 32 characters',
      'k3Jd9Lq2Xv7Nb4Wm1Zp8',
      /^ADMIN_TOKEN: must be at least 32 characters in production/,
    ],
    ['one character repeated', 'c'.repeat(40), /^ADMIN_TOKEN: must look random/],
    ['two characters alternating', 'ab'.repeat(20), /^ADMIN_TOKEN: must look random/],
    ['seven different characters', 'abcdefg'.repeat(6), /^ADMIN_TOKEN: must look random/],
  ])('refuses a role token %s', (_, token, message) => {
    const problems = problemsOf({ ...PRODUCTION, ADMIN_TOKEN: token });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });

  it('keeps the 16-character minimum outside production', () => {
    expect(parseConfig({ ADMIN_TOKEN: 'c'.repeat(16) }).roleTokens.admin).toBe('c'.repeat(16));
  });

  it('refuses a treasury without SOLANA_RPC_URL: it would pay on the development ledger', () => {
    expect(problemsOf({ ...PRODUCTION, TREASURY_KEYPAIR: '/run/secrets/treasury.json' })).toEqual([
      'TREASURY_KEYPAIR: needs SOLANA_RPC_URL in production (without it payouts go to an in-memory development ledger and move no SOL)',
    ]);
    expect(
      parseConfig({
        ...PRODUCTION,
        TREASURY_KEYPAIR: '/run/secrets/treasury.json',
        SOLANA_RPC_URL: 'https://api.mainnet-beta.solana.com',
      }).solana.treasuryKeypairPath,
    ).toBe('/run/secrets/treasury.json');
  });
});

describe('INFLUX_URL', () => {
  it('moves credentials out of the URL, so the URL that is logged holds none', () => {
    const config = parseConfig({ INFLUX_URL: 'http://reader:p%40ss%3Aword@influx.internal:8086/' });
    expect(config.influx).toMatchObject({
      url: 'http://influx.internal:8086',
      user: 'reader',
      password: 'p@ss:word',
    });
  });

  it('refuses credentials given twice', () => {
    expect(
      problemsOf({ INFLUX_URL: 'http://reader:secret@influx.internal:8086', INFLUX_USER: 'other' }),
    ).toEqual([
      'INFLUX_URL: has a user and password, and so do INFLUX_USER or INFLUX_PASSWORD: give them once',
    ]);
  });
});

describe('InfluxDB retention and rollups', () => {
  it('keeps raw 7 days, 1-minute rollups 30 days and 1-hour rollups 400 days by default', () => {
    const { influx } = parseConfig({});
    expect(influx.retention).toEqual({
      raw: { influxql: '7d', seconds: 7 * 86_400 },
      oneMinute: { influxql: '30d', seconds: 30 * 86_400 },
      oneHour: { influxql: '400d', seconds: 400 * 86_400 },
    });
    expect(influx.rollups).toBe(true);
    expect(influx.rollupIntervalMs).toBe(30_000);
  });

  it('takes hours, days, weeks and inf', () => {
    const { influx } = parseConfig({
      INFLUX_RAW_RETENTION: '14D',
      INFLUX_ROLLUP_1M_RETENTION: '720h',
      INFLUX_ROLLUP_1H_RETENTION: 'inf',
      INFLUX_ROLLUPS: 'false',
      ROLLUP_INTERVAL_MS: '500',
    });
    expect(influx.retention.raw).toEqual({ influxql: '14d', seconds: 14 * 86_400 });
    expect(influx.retention.oneMinute).toEqual({ influxql: '720h', seconds: 720 * 3600 });
    expect(influx.retention.oneHour).toEqual({ influxql: 'INF', seconds: Infinity });
    expect(influx.rollups).toBe(false);
    expect(influx.rollupIntervalMs).toBe(500);
  });

  it('refuses raw data kept shorter than the 7 days nodes may replay, and bad durations', () => {
    expect(
      problemsOf({
        INFLUX_RAW_RETENTION: '6d',
        INFLUX_ROLLUP_1M_RETENTION: '30 days',
        INFLUX_ROLLUP_1H_RETENTION: '0h',
        ROLLUP_INTERVAL_MS: '10',
      }),
    ).toEqual([
      'INFLUX_RAW_RETENTION: must be at least 7d (nodes may send samples up to 7 days old)',
      'INFLUX_ROLLUP_1M_RETENTION: must be a duration like 7d, 720h or 52w, or inf',
      'INFLUX_ROLLUP_1H_RETENTION: must be at least 1h (InfluxDB minimum)',
      'ROLLUP_INTERVAL_MS: must be at least 50',
    ]);
  });
});

describe('WEBAUTHN_RP_ID', () => {
  it("defaults to APP_URL's host name", () => {
    expect(parseConfig({}).webauthnRpId).toBe('localhost');
    const config = parseConfig({
      APP_URL: 'https://grafana.example.com:8443/a/ioworker-worker-app',
      ALLOWED_ORIGINS: 'https://grafana.example.com:8443',
    });
    expect(config.webauthnRpId).toBe('grafana.example.com');
  });

  it('takes a parent domain of an allowed origin', () => {
    const config = parseConfig({
      WEBAUTHN_RP_ID: 'Example.com',
      ALLOWED_ORIGINS: 'https://grafana.example.com',
    });
    expect(config.webauthnRpId).toBe('example.com');
  });

  it.each([
    ['https://example.com', /must be a domain name/],
    ['example.com:443', /must be a domain name/],
    ['127.0.0.1', /must be a domain name/],
    ['other.example', /is not the host \(or a parent domain\) of any origin in ALLOWED_ORIGINS/],
  ])('refuses %s', (rpId, problem) => {
    const problems = problemsOf({ WEBAUTHN_RP_ID: rpId, ALLOWED_ORIGINS: 'https://example.com' });
    expect(problems.join('\n')).toMatch(new RegExp(`^WEBAUTHN_RP_ID: ${problem.source}`, 'm'));
  });
});

describe('HTTP_KEEP_ALIVE_MS', () => {
  it('keeps idle connections 65 s unless told otherwise, from 1 s to 1 hour', () => {
    expect(parseConfig({}).keepAliveMs).toBe(65_000);
    expect(parseConfig({ HTTP_KEEP_ALIVE_MS: '610000' }).keepAliveMs).toBe(610_000);
    expect(problemsOf({ HTTP_KEEP_ALIVE_MS: '999' })).toEqual([
      'HTTP_KEEP_ALIVE_MS: must be at least 1000',
    ]);
    expect(problemsOf({ HTTP_KEEP_ALIVE_MS: '3600001' })).toEqual([
      'HTTP_KEEP_ALIVE_MS: must be at most 3600000 (1 hour)',
    ]);
  });
});
