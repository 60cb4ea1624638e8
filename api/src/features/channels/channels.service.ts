import { randomInt } from 'node:crypto';
import type { z } from '@hono/zod-openapi';
import type { AppDeps } from '../../app-env.js';
import type { Executor } from '../../db/database.js';
import { ApiError } from '../../lib/api-error.js';
import { generateToken, hashToken, secretsEqual } from '../../lib/secrets.js';
import { enqueueDelivery } from '../deliveries/deliveries.queries.js';
import { checkTargetUrl, maskTarget } from './channel-target.js';
import type { CreateChannelBody } from './channels.schemas.js';
import {
  countChannels,
  countCodeAttempt,
  insertChannel,
  markVerified,
  MAX_CHANNELS_PER_ACCOUNT,
  type ChannelRow,
} from './channels.queries.js';

type NewChannelRequest = z.infer<typeof CreateChannelBody>;
type ChannelDeps = Pick<AppDeps, 'config' | 'secrets' | 'telegramBot'>;

const CODE_TTL_MS = 30 * 60 * 1000;
const LINK_TTL_MS = 60 * 60 * 1000;
export const MAX_CODE_ATTEMPTS = 5;

const DEFAULT_NAMES = {
  email: 'Email',
  telegram: 'Telegram',
  discord: 'Discord',
  slack: 'Slack',
  webhook: 'Webhook',
} as const;

export function hashCode(kind: 'email' | 'telegram', code: string): string {
  return hashToken(`${kind}:${code}`);
}

function notConfigured(code: string, message: string): ApiError {
  return new ApiError(503, code, message);
}

/** What a new channel stores, and what the answer shows once (webhook secret, Telegram link). */
type Prepared = {
  target?: string;
  secret?: string;
  /** The pending code: `plain` is emailed (Telegram's travels in `linkUrl`). */
  code?: { plain?: string; hash: string; ttlMs: number };
  linkUrl?: string;
};

async function prepare(deps: ChannelDeps, request: NewChannelRequest): Promise<Prepared> {
  const { notifications } = deps.config;
  if (request.kind === 'email') {
    if (!notifications.smtpUrl) {
      throw notConfigured(
        'email_not_configured',
        'Email is not configured on this server (SMTP_URL).',
      );
    }
    const plain = String(randomInt(0, 1_000_000)).padStart(6, '0');
    return {
      target: request.target,
      code: { plain, hash: hashCode('email', plain), ttlMs: CODE_TTL_MS },
    };
  }
  if (request.kind === 'telegram') {
    if (!deps.telegramBot) {
      throw notConfigured('telegram_not_configured', 'Telegram is not configured on this server.');
    }
    const code = generateToken(15);
    const linkUrl = `https://t.me/${await deps.telegramBot.username()}?start=${code}`;
    return { code: { hash: hashCode('telegram', code), ttlMs: LINK_TTL_MS }, linkUrl };
  }
  const url = await checkTargetUrl(request.target, notifications.allowPrivateTargets);
  if (request.kind !== 'webhook') return { target: url.toString() };
  return { target: url.toString(), secret: generateToken(24, 'whsec_') };
}

export async function createChannel(
  deps: ChannelDeps,
  db: Executor,
  accountId: string,
  request: NewChannelRequest,
) {
  if ((await countChannels(db, accountId)) >= MAX_CHANNELS_PER_ACCOUNT) {
    throw ApiError.conflict(
      'channel_limit_reached',
      `An account can have at most ${MAX_CHANNELS_PER_ACCOUNT} notification channels.`,
    );
  }
  const { target, secret, code, linkUrl } = await prepare(deps, request);
  const row = await insertChannel(db, {
    accountId,
    kind: request.kind,
    name: request.name ?? DEFAULT_NAMES[request.kind],
    targetSealed: target ? deps.secrets.seal(target) : null,
    targetMasked: target ? maskTarget(request.kind, target) : 'not linked yet',
    secretSealed: secret ? deps.secrets.seal(secret) : null,
    verified: !code,
    ...(code ? { code: { hash: code.hash, expiresAt: new Date(Date.now() + code.ttlMs) } } : {}),
  });
  if (code?.plain) await sendVerificationCode(db, row, code.plain);
  return { row, ...(secret ? { secret } : {}), ...(linkUrl ? { linkUrl } : {}) };
}

function sendVerificationCode(db: Executor, channel: ChannelRow, code: string): Promise<string> {
  return enqueueDelivery(db, {
    accountId: channel.account_id,
    channelId: channel.id,
    message: {
      event: 'channel.verify',
      status: 'firing',
      severity: 'info',
      occurredAt: new Date().toISOString(),
      title: `Your IO Worker verification code: ${code}`,
      message: `Enter ${code} in IO Worker to receive alerts at this address. The code expires in 30 minutes. If you did not ask for it, ignore this email.`,
    },
  });
}

/**
 * Checks an email channel's code on the row locked by the caller's transaction. The attempt is
 * counted before the comparison and a wrong code returns (not throws) so that the count commits:
 * parallel guesses cannot get past the limit.
 */
export async function verifyChannelCode(
  db: Executor,
  channel: ChannelRow,
  code: string,
): Promise<ChannelRow | 'wrong_code'> {
  if (channel.verified) throw ApiError.conflict('already_verified', 'This channel is verified.');
  const expired = !channel.code_expires_at || channel.code_expires_at.getTime() < Date.now();
  if (channel.kind !== 'email' || !channel.code_hash || expired) {
    throw ApiError.badRequest(
      'code_expired',
      'code: no code is waiting for this channel; delete it and add it again for a new one.',
    );
  }
  if (channel.code_attempts >= MAX_CODE_ATTEMPTS) {
    throw ApiError.badRequest(
      'code_expired',
      `code: tried ${MAX_CODE_ATTEMPTS} times; delete the channel and add it again for a new code.`,
    );
  }
  await countCodeAttempt(db, channel.id);
  if (!secretsEqual(hashCode('email', code), channel.code_hash)) return 'wrong_code';
  return markVerified(db, channel.id);
}
