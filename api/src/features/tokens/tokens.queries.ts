import type { TokenScope } from '@ioworker/contract';
import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';

const LISTED_COLUMNS = [
  'id',
  'name',
  'scope',
  'last_four',
  'created_at',
  'expires_at',
  'last_used_at',
] as const;

/** Tokens still in force: without an expiry, or before it. */
const unexpired = sql<boolean>`(expires_at IS NULL OR expires_at > now())`;

/** The token with this hash and its account, expired or not. */
export function findTokenByHash(db: Executor, tokenHash: string) {
  return db
    .selectFrom('personal_tokens')
    .innerJoin('accounts', 'accounts.id', 'personal_tokens.account_id')
    .select([
      'personal_tokens.id',
      'personal_tokens.account_id',
      'personal_tokens.scope',
      'personal_tokens.expires_at',
      'personal_tokens.last_used_at',
      'accounts.email',
    ])
    .where('personal_tokens.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

export async function touchToken(db: Executor, tokenId: string, at: Date): Promise<void> {
  await db
    .updateTable('personal_tokens')
    .set({ last_used_at: at })
    .where('id', '=', tokenId)
    .execute();
}

/**
 * Holds the account's row until the caller's transaction ends, so parallel creations count
 * one after another. NO KEY UPDATE leaves sign-ins (which only reference the row) unblocked.
 */
export async function lockAccountForTokens(db: Executor, accountId: string): Promise<void> {
  await db
    .selectFrom('accounts')
    .select('id')
    .where('id', '=', accountId)
    .forNoKeyUpdate()
    .executeTakeFirstOrThrow();
}

/** Keeps the table small without a sweeper: the account's expired tokens go. */
export async function deleteExpiredTokens(db: Executor, accountId: string): Promise<void> {
  await db
    .deleteFrom('personal_tokens')
    .where('account_id', '=', accountId)
    .where('expires_at', '<=', sql<Date>`now()`)
    .execute();
}

export async function countTokens(db: Executor, accountId: string): Promise<number> {
  const row = await db
    .selectFrom('personal_tokens')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('account_id', '=', accountId)
    .where(unexpired)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export function insertToken(
  db: Executor,
  token: {
    accountId: string;
    name: string;
    scope: TokenScope;
    tokenHash: string;
    lastFour: string;
    expiresAt: Date | null;
  },
) {
  return db
    .insertInto('personal_tokens')
    .values({
      account_id: token.accountId,
      name: token.name,
      scope: token.scope,
      token_hash: token.tokenHash,
      last_four: token.lastFour,
      expires_at: token.expiresAt,
    })
    .returning(LISTED_COLUMNS)
    .executeTakeFirstOrThrow();
}

/** The account's unexpired tokens, newest first (at most MAX_TOKENS_PER_ACCOUNT). */
export function listTokens(db: Executor, accountId: string) {
  return db
    .selectFrom('personal_tokens')
    .select(LISTED_COLUMNS)
    .where('account_id', '=', accountId)
    .where(unexpired)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

export type TokenRow = Awaited<ReturnType<typeof listTokens>>[number];

/** Revokes one of the account's tokens; undefined when it is not the account's. */
export function deleteToken(db: Executor, accountId: string, tokenId: string) {
  return db
    .deleteFrom('personal_tokens')
    .where('id', '=', tokenId)
    .where('account_id', '=', accountId)
    .returning(['id', 'name', 'scope'])
    .executeTakeFirst();
}

/** When the token stops working: null never, undefined when it is gone. */
export async function findTokenExpiry(db: Executor, tokenId: string) {
  const row = await db
    .selectFrom('personal_tokens')
    .select('expires_at')
    .where('id', '=', tokenId)
    .executeTakeFirst();
  return row?.expires_at;
}
