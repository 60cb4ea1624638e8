import { sql } from 'kysely';
import type { AccountTokenPurpose, Executor } from '../../db/database.js';

const UNIQUE_VIOLATION = '23505';

export type NewAccountToken = {
  accountId: string;
  purpose: AccountTokenPurpose;
  tokenHash: string;
  email?: string;
  sessionId?: string;
  expiresAt: Date;
};

export async function insertAccountToken(db: Executor, token: NewAccountToken): Promise<void> {
  await db
    .insertInto('account_tokens')
    .values({
      account_id: token.accountId,
      purpose: token.purpose,
      token_hash: token.tokenHash,
      email: token.email ?? null,
      session_id: token.sessionId ?? null,
      expires_at: token.expiresAt,
    })
    .execute();
}

/**
 * Spends a token in one statement: only an unused, unexpired token of that purpose is taken,
 * so two requests with the same token (in parallel too) cannot both use it.
 */
export function consumeAccountToken(db: Executor, purpose: AccountTokenPurpose, tokenHash: string) {
  return db
    .updateTable('account_tokens')
    .set({ used_at: sql<Date>`now()` })
    .where('token_hash', '=', tokenHash)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .returning(['account_id', 'email', 'session_id'])
    .executeTakeFirst();
}

/** Spends the account's outstanding tokens of these purposes. */
export async function voidAccountTokens(
  db: Executor,
  accountId: string,
  purposes: AccountTokenPurpose[],
): Promise<void> {
  await db
    .updateTable('account_tokens')
    .set({ used_at: sql<Date>`now()` })
    .where('account_id', '=', accountId)
    .where('purpose', 'in', purposes)
    .where('used_at', 'is', null)
    .execute();
}

export async function countTokensSince(
  db: Executor,
  accountId: string,
  purpose: AccountTokenPurpose,
  since: Date,
): Promise<number> {
  const row = await db
    .selectFrom('account_tokens')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('account_id', '=', accountId)
    .where('purpose', '=', purpose)
    .where('created_at', '>', since)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** The account's row, locked for the caller's transaction (one change of it at a time). */
export function lockAccount(db: Executor, accountId: string) {
  return db
    .selectFrom('accounts')
    .select(['id', 'email', 'email_verified_at'])
    .where('id', '=', accountId)
    .forUpdate()
    .executeTakeFirstOrThrow();
}

export function findAccountIdByEmail(db: Executor, email: string) {
  return db
    .selectFrom('accounts')
    .select(['id', 'email'])
    .where('email', '=', email)
    .executeTakeFirst();
}

export async function isEmailTaken(db: Executor, email: string): Promise<boolean> {
  return Boolean(await findAccountIdByEmail(db, email));
}

/** Marks the address verified, if it is still the account's address; false otherwise. */
export async function markEmailVerified(
  db: Executor,
  accountId: string,
  email: string,
): Promise<boolean> {
  const result = await db
    .updateTable('accounts')
    .set({ email_verified_at: sql<Date>`coalesce(email_verified_at, now())` })
    .where('id', '=', accountId)
    .where('email', '=', email)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Moves the account to a confirmed new address; false when another account took it first. */
export async function changeEmail(
  db: Executor,
  accountId: string,
  newEmail: string,
): Promise<boolean> {
  try {
    await db
      .updateTable('accounts')
      .set({ email: newEmail, email_verified_at: sql<Date>`now()` })
      .where('id', '=', accountId)
      .execute();
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === UNIQUE_VIOLATION) return false;
    throw error;
  }
}

export async function isEmailVerified(db: Executor, accountId: string): Promise<boolean> {
  const row = await db
    .selectFrom('accounts')
    .select('email_verified_at')
    .where('id', '=', accountId)
    .executeTakeFirstOrThrow();
  return row.email_verified_at !== null;
}

/** Ends every session of the account; their ids. */
export async function deleteAllSessions(db: Executor, accountId: string): Promise<string[]> {
  const rows = await db
    .deleteFrom('sessions')
    .where('account_id', '=', accountId)
    .returning('id')
    .execute();
  return rows.map((row) => row.id);
}

/** Ends one session of the account; false when it was already gone. */
export async function deleteSessionOf(
  db: Executor,
  accountId: string,
  sessionId: string,
): Promise<boolean> {
  const result = await db
    .deleteFrom('sessions')
    .where('id', '=', sessionId)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}
