import { sql, type Selectable } from 'kysely';
import type { Executor, PasskeyChallengePurpose, PasskeysTable } from '../../db/database.js';

export type PasskeyRow = Selectable<PasskeysTable>;

export function listPasskeys(db: Executor, accountId: string) {
  return db
    .selectFrom('passkeys')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('created_at', 'desc')
    .execute();
}

export async function hasPasskey(db: Executor, accountId: string): Promise<boolean> {
  const row = await db
    .selectFrom('passkeys')
    .select('id')
    .where('account_id', '=', accountId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** The passkey with this WebAuthn credential id, and what a sign-in needs of its account. */
export function findPasskeyByCredentialId(db: Executor, credentialId: string) {
  return db
    .selectFrom('passkeys as p')
    .innerJoin('accounts as a', 'a.id', 'p.account_id')
    .selectAll('p')
    .select(['a.email', 'a.created_at as account_created_at'])
    .where('p.credential_id', '=', credentialId)
    .executeTakeFirst();
}

/** Undefined when the credential is registered already (to this account or another). */
export function insertPasskey(
  db: Executor,
  passkey: {
    accountId: string;
    credentialId: string;
    publicKey: string;
    counter: number;
    transports: string[];
    name: string;
  },
) {
  return db
    .insertInto('passkeys')
    .values({
      account_id: passkey.accountId,
      credential_id: passkey.credentialId,
      public_key: passkey.publicKey,
      counter: passkey.counter,
      transports: JSON.stringify(passkey.transports),
      name: passkey.name,
    })
    .onConflict((conflict) => conflict.column('credential_id').doNothing())
    .returningAll()
    .executeTakeFirst();
}

/**
 * Records a sign-in with the passkey: only a counter above the stored one is taken (or 0 from
 * an authenticator that keeps none), in one statement, so a cloned authenticator is caught
 * even when its assertions arrive in parallel.
 */
export async function recordPasskeyUse(
  db: Executor,
  passkeyId: string,
  counter: number,
): Promise<boolean> {
  const result = await db
    .updateTable('passkeys')
    .set({ counter, last_used_at: sql<Date>`now()` })
    .where('id', '=', passkeyId)
    .where(counter === 0 ? sql<boolean>`counter = 0` : sql<boolean>`counter < ${counter}::bigint`)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export function deletePasskey(db: Executor, accountId: string, passkeyId: string) {
  return db
    .deleteFrom('passkeys')
    .where('account_id', '=', accountId)
    .where('id', '=', passkeyId)
    .returning(['id', 'name'])
    .executeTakeFirst();
}

export function findPasskey(db: Executor, accountId: string, passkeyId: string) {
  return db
    .selectFrom('passkeys')
    .select(['id', 'name'])
    .where('account_id', '=', accountId)
    .where('id', '=', passkeyId)
    .executeTakeFirst();
}

/** Stores a challenge handed out; expired ones go on the way, so no sweeper is needed. */
export async function insertChallenge(
  db: Executor,
  challenge: {
    challenge: string;
    purpose: PasskeyChallengePurpose;
    accountId: string | null;
    expiresAt: Date;
  },
): Promise<void> {
  await db
    .deleteFrom('passkey_challenges')
    .where('expires_at', '<', sql<Date>`now()`)
    .execute();
  await db
    .insertInto('passkey_challenges')
    .values({
      challenge: challenge.challenge,
      purpose: challenge.purpose,
      account_id: challenge.accountId,
      expires_at: challenge.expiresAt,
    })
    .execute();
}

/**
 * Spends a challenge: unused, unexpired, for this purpose and account (none for a passwordless
 * sign-in), in one statement, so a response sent twice, even in parallel, gets through once.
 */
export async function takeChallenge(
  db: Executor,
  challenge: { challenge: string; purpose: PasskeyChallengePurpose; accountId: string | null },
): Promise<boolean> {
  const { accountId } = challenge;
  const taken = await db
    .updateTable('passkey_challenges')
    .set({ used_at: sql<Date>`now()` })
    .where('challenge', '=', challenge.challenge)
    .where('purpose', '=', challenge.purpose)
    .where((eb) => (accountId ? eb('account_id', '=', accountId) : eb('account_id', 'is', null)))
    .where('used_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .returning('id')
    .executeTakeFirst();
  return taken !== undefined;
}
