import { sql } from 'kysely';
import type { Executor, PayoutHoldReason, PayoutStatus } from '../../db/database.js';
import { newestFirstPage } from '../../db/keyset.queries.js';
import type { Keyset } from '../../lib/paging.js';

/** A payout that is still pending or sent, with what it takes to drive it on. */
export type OpenPayout = {
  id: string;
  account_id: string;
  amount_lamports: string;
  address: string;
  status: PayoutStatus;
  signature: string | null;
  wire_transaction: string | null;
  last_valid_block_height: string | null;
};

export const payoutColumns = [
  'id',
  'account_id',
  'address',
  'status',
  'signature',
  'wire_transaction',
  sql<string>`amount_lamports::text`.as('amount_lamports'),
  sql<string | null>`last_valid_block_height::text`.as('last_valid_block_height'),
] as const;

const OPEN: PayoutStatus[] = ['pending', 'sent'];
/** Written and not yet settled: its balance is debited, and the account gets no other payout. */
const UNSETTLED: PayoutStatus[] = ['held', ...OPEN];

function selectListedPayouts(db: Executor) {
  return db
    .selectFrom('payouts')
    .select([
      'id',
      'account_id',
      'created_at',
      'address',
      'status',
      'signature',
      'failure_reason',
      'hold_reason',
      sql<string>`amount_lamports::text`.as('amount_lamports'),
      sql<string>`created_at::text`.as('created_at_text'),
    ]);
}

export type ListedPayout = {
  id: string;
  account_id: string;
  created_at: Date;
  created_at_text: string;
  amount_lamports: string;
  address: string;
  status: PayoutStatus;
  signature: string | null;
  failure_reason: string | null;
  hold_reason: PayoutHoldReason | null;
};

export function listPayouts(
  db: Executor,
  accountId: string,
  page: { limit: number; after: Keyset | undefined },
) {
  return newestFirstPage(selectListedPayouts(db).where('account_id', '=', accountId), page);
}

export function payoutsByIds(db: Executor, payoutIds: string[]): Promise<ListedPayout[]> {
  return selectListedPayouts(db).where('id', 'in', payoutIds).orderBy('created_at').execute();
}

export async function openPayouts(db: Executor): Promise<OpenPayout[]> {
  return (await db
    .selectFrom('payouts')
    .select(payoutColumns)
    .where('status', 'in', OPEN)
    .orderBy('created_at')
    .execute()) as OpenPayout[];
}

/** Accounts whose balance reaches the minimum, whose address is out of its hold, with no payout unsettled. */
export async function eligibleAccounts(db: Executor, minLamports: bigint) {
  const { rows } = await sql<{ account_id: string; address: string; balance: string }>`
    SELECT l.account_id, w.address, sum(l.amount_lamports)::text AS balance
    FROM ledger_entries l
    JOIN wallets w ON w.account_id = l.account_id AND w.hold_until <= now()
    WHERE NOT EXISTS (
      SELECT 1 FROM payouts p WHERE p.account_id = l.account_id AND p.status IN ('held', 'pending', 'sent'))
    GROUP BY l.account_id, w.address
    HAVING sum(l.amount_lamports) >= ${minLamports.toString()}::bigint
    ORDER BY l.account_id`.execute(db);
  return rows;
}

/** The payout run's advisory lock, on this one connection; false when another run holds it. */
export async function tryLockPayoutRun(connection: Executor): Promise<boolean> {
  const { rows } = await sql<{
    locked: boolean;
  }>`SELECT pg_try_advisory_lock(hashtext('io-worker:payouts')) AS locked`.execute(connection);
  return rows[0]?.locked ?? false;
}

export async function unlockPayoutRun(connection: Executor): Promise<void> {
  await sql`SELECT pg_advisory_unlock(hashtext('io-worker:payouts'))`.execute(connection);
}

/**
 * The row and its ledger debit, in one transaction: the balance is spoken for before anything is
 * signed. With `holdReason` the payout is written held: nothing is signed until it is released.
 */
export function insertPayoutWithDebit(
  db: Executor,
  account: { accountId: string; address: string; balance: string },
  holdReason?: PayoutHoldReason,
): Promise<OpenPayout> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('payouts')
      .values({
        account_id: account.accountId,
        amount_lamports: account.balance,
        address: account.address,
        status: holdReason ? 'held' : 'pending',
        hold_reason: holdReason ?? null,
        released_at: holdReason ? null : sql<Date>`now()`,
      })
      .returning(payoutColumns)
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('ledger_entries')
      .values({
        account_id: account.accountId,
        kind: 'payout',
        amount_lamports: `-${account.balance}`,
        payout_id: row.id,
      })
      .execute();
    return row as OpenPayout;
  });
}

/** Stores the signed bytes of an open payout; false when it is no longer open (nothing to send). */
export async function storeSignedTransfer(
  db: Executor,
  payoutId: string,
  signed: { signature: string; wire: string; lastValidBlockHeight: string },
): Promise<boolean> {
  const stored = await db
    .updateTable('payouts')
    .set({
      signature: signed.signature,
      wire_transaction: signed.wire,
      last_valid_block_height: signed.lastValidBlockHeight,
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', payoutId)
    .where('status', 'in', OPEN)
    .returning('id')
    .executeTakeFirst();
  return stored !== undefined;
}

/** Moves an open payout on; false when it was no longer open. */
export async function setOpenPayoutStatus(
  db: Executor,
  payoutId: string,
  status: PayoutStatus,
  reason?: string,
): Promise<boolean> {
  const updated = await db
    .updateTable('payouts')
    .set({ status, failure_reason: reason ?? null, updated_at: sql<Date>`now()` })
    .where('id', '=', payoutId)
    .where('status', 'in', OPEN)
    .returning('id')
    .executeTakeFirst();
  return updated !== undefined;
}

/** Whether a payout's address is still its account's, out of its hold. */
export const addressCurrent = sql<boolean>`EXISTS (
  SELECT 1 FROM wallets w
  WHERE w.account_id = payouts.account_id AND w.address = payouts.address
    AND w.hold_until <= now())`;

/**
 * Which payouts may be failed: any not yet settled, a held one, or a held one whose address is
 * no longer the account's. The condition is checked in the same statement that fails it, so a
 * payout a run released meanwhile is never failed by a check made before.
 */
export type FailScope = 'unsettled' | 'held' | 'held_address_changed';

/** Marks a payout failed and credits its amount back, once; false when `scope` did not hold. */
export function failPayoutAndCreditBack(
  db: Executor,
  payout: Pick<OpenPayout, 'id' | 'account_id' | 'amount_lamports'>,
  reason: string,
  scope: FailScope = 'unsettled',
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const failing = trx
      .updateTable('payouts')
      .set({ status: 'failed', failure_reason: reason, updated_at: sql<Date>`now()` })
      .where('id', '=', payout.id);
    const scoped =
      scope === 'unsettled'
        ? failing.where('status', 'in', UNSETTLED)
        : failing
            .where('status', '=', 'held')
            .$if(scope === 'held_address_changed', (query) =>
              query.where(sql<boolean>`NOT ${addressCurrent}`),
            );
    const row = await scoped.returning('id').executeTakeFirst();
    if (!row) return false;
    await trx
      .insertInto('ledger_entries')
      .values({
        account_id: payout.account_id,
        kind: 'payout',
        amount_lamports: payout.amount_lamports,
        payout_id: payout.id,
        note: `payout failed: ${reason}`.slice(0, 500),
      })
      .execute();
    return true;
  });
}
