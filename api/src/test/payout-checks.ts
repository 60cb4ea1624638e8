import { sql } from 'kysely';
import type { Db } from '../db/database.js';

/** An account's balance as its ledger entries sum up (what it is still owed). */
export async function ledgerBalance(db: Db, accountId: string): Promise<bigint> {
  const { rows } = await sql<{ total: string | null }>`
    SELECT sum(amount_lamports)::text AS total FROM ledger_entries WHERE account_id = ${accountId}
  `.execute(db);
  return BigInt(rows[0]?.total ?? '0');
}

/** An account's payouts, oldest first. */
export function payoutsOf(db: Db, accountId: string) {
  return db
    .selectFrom('payouts')
    .select(['status', 'signature'])
    .where('account_id', '=', accountId)
    .orderBy('created_at')
    .execute();
}
