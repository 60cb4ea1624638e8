import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';

export function findTotp(db: Executor, accountId: string) {
  return db
    .selectFrom('totp_credentials')
    .select(['secret_sealed', 'confirmed_at'])
    .where('account_id', '=', accountId)
    .executeTakeFirst();
}

/** Starts (or restarts) set-up with a new key; false when TOTP is on already. */
export async function savePendingTotp(
  db: Executor,
  accountId: string,
  secretSealed: string,
): Promise<boolean> {
  const result = await db
    .insertInto('totp_credentials')
    .values({ account_id: accountId, secret_sealed: secretSealed })
    .onConflict((conflict) =>
      conflict
        .column('account_id')
        .doUpdateSet({ secret_sealed: secretSealed, last_used_step: 0, created_at: sql`now()` })
        .where('totp_credentials.confirmed_at', 'is', null),
    )
    .executeTakeFirst();
  return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
}

/**
 * Takes a TOTP step for the account, once: only a step later than the last one taken is
 * accepted, in one statement, so a code (even sent twice in parallel) works once.
 */
export async function takeTotpStep(
  db: Executor,
  accountId: string,
  step: bigint,
  { confirmed }: { confirmed: boolean },
): Promise<boolean> {
  const result = await db
    .updateTable('totp_credentials')
    .set({ last_used_step: step.toString() })
    .where('account_id', '=', accountId)
    .where('confirmed_at', confirmed ? 'is not' : 'is', null)
    .where(sql<boolean>`last_used_step < ${step.toString()}::bigint`)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function confirmTotp(db: Executor, accountId: string): Promise<void> {
  await db
    .updateTable('totp_credentials')
    .set({ confirmed_at: sql<Date>`now()` })
    .where('account_id', '=', accountId)
    .execute();
}

export async function deleteTwoFactor(db: Executor, accountId: string): Promise<void> {
  await db.deleteFrom('totp_credentials').where('account_id', '=', accountId).execute();
  await db.deleteFrom('recovery_codes').where('account_id', '=', accountId).execute();
}

export async function replaceRecoveryCodes(
  db: Executor,
  accountId: string,
  codeHashes: string[],
): Promise<void> {
  await db.deleteFrom('recovery_codes').where('account_id', '=', accountId).execute();
  await db
    .insertInto('recovery_codes')
    .values(codeHashes.map((codeHash) => ({ account_id: accountId, code_hash: codeHash })))
    .execute();
}

/** Spends a recovery code, once (one statement). */
export async function takeRecoveryCode(
  db: Executor,
  accountId: string,
  codeHash: string,
): Promise<boolean> {
  const result = await db
    .updateTable('recovery_codes')
    .set({ used_at: sql<Date>`now()` })
    .where('account_id', '=', accountId)
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function countUnusedRecoveryCodes(db: Executor, accountId: string): Promise<number> {
  const row = await db
    .selectFrom('recovery_codes')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('account_id', '=', accountId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function insertChallenge(
  db: Executor,
  challenge: { accountId: string; tokenHash: string; expiresAt: Date },
): Promise<void> {
  await db
    .insertInto('mfa_challenges')
    .values({
      account_id: challenge.accountId,
      token_hash: challenge.tokenHash,
      expires_at: challenge.expiresAt,
    })
    .execute();
}

/**
 * Counts one try at a challenge and returns it while it is open: unused, unexpired, and this
 * try within `maxTries` (counted in the same statement, so parallel tries cannot exceed it).
 */
export function tryChallenge(db: Executor, tokenHash: string, maxTries: number) {
  return db
    .updateTable('mfa_challenges as m')
    .set({ attempts: sql<number>`m.attempts + 1` })
    .from('accounts as a')
    .whereRef('a.id', '=', 'm.account_id')
    .where('m.token_hash', '=', tokenHash)
    .where('m.used_at', 'is', null)
    .where('m.expires_at', '>', sql<Date>`now()`)
    .where('m.attempts', '<', maxTries)
    .returning(['m.id', 'm.account_id', 'a.email', 'a.created_at'])
    .executeTakeFirst();
}

/** The account of an open challenge, without counting a try: to offer its passkeys. */
export function findOpenChallenge(db: Executor, tokenHash: string, maxTries: number) {
  return db
    .selectFrom('mfa_challenges')
    .select('account_id')
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .where('attempts', '<', maxTries)
    .executeTakeFirst();
}

/** Spends the challenge once its second factor was right; false when another try did first. */
export async function spendChallenge(db: Executor, challengeId: string): Promise<boolean> {
  const result = await db
    .updateTable('mfa_challenges')
    .set({ used_at: sql<Date>`now()` })
    .where('id', '=', challengeId)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
