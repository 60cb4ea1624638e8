import type { TokenScope } from '@ioworker/contract';
import type { Executor } from '../../db/database.js';
import { generateToken, hashToken } from '../../lib/secrets.js';
import type { LiveEventBus } from '../live/live-events.js';
import { findTokenByHash, touchToken } from './tokens.queries.js';

/** Says what the secret is (secret scanners and people both recognise it). */
export const PERSONAL_TOKEN_PREFIX = 'iowp_';
export const MAX_TOKENS_PER_ACCOUNT = 50;
/** `last_used_at` is written at most this often, so reads stay reads. */
const TOUCH_EVERY_MS = 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

export type ValidPersonalToken = {
  id: string;
  accountId: string;
  email: string;
  scope: TokenScope;
};

/** Session tokens are plain base32, which has no `_`: the prefix alone tells the two apart. */
export function isPersonalToken(credential: string): boolean {
  return credential.startsWith(PERSONAL_TOKEN_PREFIX);
}

/** A new token, what is stored of it (its SHA-256), and its last four characters. */
export function issuePersonalToken(expiresInDays: number | undefined) {
  const token = generateToken(20, PERSONAL_TOKEN_PREFIX);
  return {
    token,
    tokenHash: hashToken(token),
    lastFour: token.slice(-4),
    expiresAt: expiresInDays === undefined ? null : new Date(Date.now() + expiresInDays * DAY_MS),
  };
}

/** The token's owner and scope, or null when it is unknown, revoked or expired. */
export async function validatePersonalToken(
  db: Executor,
  token: string,
): Promise<ValidPersonalToken | null> {
  const row = await findTokenByHash(db, hashToken(token));
  const now = Date.now();
  if (!row || (row.expires_at && row.expires_at.getTime() <= now)) return null;
  if (!row.last_used_at || now - row.last_used_at.getTime() > TOUCH_EVERY_MS) {
    await touchToken(db, row.id, new Date(now));
  }
  return { id: row.id, accountId: row.account_id, email: row.email, scope: row.scope };
}

/** Tells the account's open event streams that the token was revoked, so its own closes. */
export async function announceRevokedToken(
  events: LiveEventBus,
  accountId: string,
  tokenId: string,
): Promise<void> {
  await events.publish(accountId, { type: 'token.revoked', data: { tokenIds: [tokenId] } });
}
