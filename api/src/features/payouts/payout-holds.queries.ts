import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';
import { payoutColumns, type OpenPayout } from './payouts.queries.js';

/** What was let out to be paid in the last 24 hours: the daily cap's measure. */
export async function releasedInLastDay(db: Executor): Promise<bigint> {
  const row = await db
    .selectFrom('payouts')
    .select(sql<string | null>`sum(amount_lamports)::text`.as('total'))
    .where('status', 'in', ['pending', 'sent', 'confirmed'])
    .where('released_at', '>', sql<Date>`now() - interval '24 hours'`)
    .executeTakeFirst();
  return BigInt(row?.total ?? '0');
}

/** A payout, and whether its address is still the account's, out of its hold. */
export type HeldPayout = OpenPayout & { address_current: boolean };

const addressCurrent = sql<boolean>`EXISTS (
  SELECT 1 FROM wallets w
  WHERE w.account_id = payouts.account_id AND w.address = payouts.address
    AND w.hold_until <= now())`;

/** Payouts held by the daily cap, oldest first: they go out first once the window has room. */
export async function heldForDailyCap(db: Executor): Promise<HeldPayout[]> {
  return (await db
    .selectFrom('payouts')
    .select([...payoutColumns, addressCurrent.as('address_current')])
    .where('status', '=', 'held')
    .where('hold_reason', '=', 'over_daily_cap')
    .orderBy('created_at')
    .execute()) as HeldPayout[];
}

/**
 * Lets a held payout out to be signed, once: only while it is held and its address is still
 * the account's, out of its hold. Undefined when it was not (see `heldPayout`).
 */
export async function releaseHeldPayout(
  db: Executor,
  payoutId: string,
  { approved }: { approved: boolean },
): Promise<OpenPayout | undefined> {
  return (await db
    .updateTable('payouts')
    .set({
      status: 'pending',
      released_at: sql<Date>`now()`,
      approved_at: approved ? sql<Date>`now()` : null,
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', payoutId)
    .where('status', '=', 'held')
    .where(addressCurrent)
    .returning(payoutColumns)
    .executeTakeFirst()) as OpenPayout | undefined;
}

/** A payout by id, with what an approval needs to say why it cannot go. */
export async function payoutForApproval(
  db: Executor,
  payoutId: string,
): Promise<HeldPayout | undefined> {
  return (await db
    .selectFrom('payouts')
    .select([...payoutColumns, addressCurrent.as('address_current')])
    .where('id', '=', payoutId)
    .executeTakeFirst()) as HeldPayout | undefined;
}
