import { sql } from 'kysely';
import type { Executor, PayoutProblem } from '../../db/database.js';

/** A confirmed payout with what the records say it should show on chain. */
export type PayoutToCheck = {
  id: string;
  account_id: string;
  amount_lamports: string;
  signature: string | null;
  created_at: Date;
  /** When it was confirmed (its row last changed). */
  updated_at: Date;
  /** The payout address on file when the payout was made; null when none was. */
  address_on_file: string | null;
  /** What the ledger debited for it, net of any credit-back. */
  ledger_lamports: string;
};

export type CheckScope = {
  accountId?: string | undefined;
  /** Only payouts made in [from, to). */
  from?: Date | undefined;
  to?: Date | undefined;
  /** Also those checked before (an operator's full check); otherwise only unchecked ones. */
  recheck: boolean;
};

/** Confirmed payouts in scope, oldest first. */
export async function payoutsToCheck(db: Executor, scope: CheckScope): Promise<PayoutToCheck[]> {
  const ofAccount = scope.accountId ? sql`AND p.account_id = ${scope.accountId}` : sql``;
  const since = scope.from ? sql`AND p.created_at >= ${scope.from}` : sql``;
  const until = scope.to ? sql`AND p.created_at < ${scope.to}` : sql``;
  const unchecked = scope.recheck
    ? sql``
    : sql`AND NOT EXISTS (SELECT 1 FROM payout_checks c WHERE c.payout_id = p.id)`;
  const { rows } = await sql<PayoutToCheck>`
    SELECT p.id, p.account_id, p.amount_lamports::text AS amount_lamports, p.signature,
           p.created_at, p.updated_at,
           (SELECT h.address FROM wallet_addresses h
            WHERE h.account_id = p.account_id AND h.set_at <= p.created_at
            ORDER BY h.set_at DESC, h.id DESC LIMIT 1) AS address_on_file,
           (SELECT (-coalesce(sum(e.amount_lamports), 0))::text FROM ledger_entries e
            WHERE e.payout_id = p.id AND e.account_id = p.account_id) AS ledger_lamports
    FROM payouts p
    WHERE p.status = 'confirmed' ${ofAccount} ${since} ${until} ${unchecked}
    ORDER BY p.created_at, p.id`.execute(db);
  return rows;
}

export async function storePayoutCheck(
  db: Executor,
  check: {
    payoutId: string;
    problems: PayoutProblem[];
    chainLamports: bigint | null;
    chainDestination: string | null;
  },
): Promise<void> {
  const values = {
    payout_id: check.payoutId,
    problems: JSON.stringify(check.problems),
    chain_lamports: check.chainLamports?.toString() ?? null,
    chain_destination: check.chainDestination,
  };
  await db
    .insertInto('payout_checks')
    .values(values)
    .onConflict((conflict) =>
      conflict.column('payout_id').doUpdateSet({ ...values, checked_at: sql<Date>`now()` }),
    )
    .execute();
}
