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
      'PUBLIC_URL: must be https in production',
    ]);
    const config = parseConfig({
      NODE_ENV: 'production',
      PUBLIC_URL: 'https://api.example.com/',
      SERVICE_TOKEN: 'a'.repeat(32),
      ALERTS_TOKEN: 'b'.repeat(32),
      ADMIN_TOKEN: 'c'.repeat(32),
      SECRETS_KEY: 'd'.repeat(32),
      SMTP_URL: 'smtps://alerts:secret@smtp.example.com:465',
    });
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
});
