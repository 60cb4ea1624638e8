import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';
import { addressCurrent, payoutColumns, type OpenPayout } from './payouts.queries.js';

/**
 * What the daily cap counts: payouts on their way (pending or sent, however long ago they were
 * let out) and payouts confirmed in the last 24 hours, when their SOL left the treasury.
 */
export async function sentInLastDay(db: Executor): Promise<bigint> {
  const row = await db
    .selectFrom('payouts')
    .select(sql<string | null>`sum(amount_lamports)::text`.as('total'))
    .where((where) =>
      where.or([
        where('status', 'in', ['pending', 'sent']),
        where.and([
          where('status', '=', 'confirmed'),
          where('updated_at', '>', sql<Date>`now() - interval '24 hours'`),
        ]),
      ]),
    )
    .executeTakeFirst();
  return BigInt(row?.total ?? '0');
}

/** A payout, and whether its address is still the account's, out of its hold. */
export type HeldPayout = OpenPayout & {
  hold_reason: 'over_payout_cap' | 'over_daily_cap' | null;
  address_current: boolean;
};

const heldColumns = [
  ...payoutColumns,
  'hold_reason',
  addressCurrent.as('address_current'),
] as const;

/** Every held payout, oldest first: those the daily cap held go out first once there is room. */
export async function heldPayouts(db: Executor): Promise<HeldPayout[]> {
  return (await db
    .selectFrom('payouts')
    .select(heldColumns)
    .where('status', '=', 'held')
    .orderBy('created_at')
    .execute()) as HeldPayout[];
}

/**
 * Lets a held payout out to be signed, once: only while it is held and its address is still
 * the account's, out of its hold. Undefined when it was not (see `payoutForApproval`).
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

/** A payout the daily cap held that no day's room can fit any more (the caps were lowered). */
export async function holdForApproval(db: Executor, payoutId: string): Promise<void> {
  await db
    .updateTable('payouts')
    .set({ hold_reason: 'over_payout_cap', updated_at: sql<Date>`now()` })
    .where('id', '=', payoutId)
    .where('status', '=', 'held')
    .execute();
}

/** A payout by id, with what an approval needs to say why it cannot go. */
export async function payoutForApproval(
  db: Executor,
  payoutId: string,
): Promise<HeldPayout | undefined> {
  return (await db
    .selectFrom('payouts')
    .select(heldColumns)
    .where('id', '=', payoutId)
    .executeTakeFirst()) as HeldPayout | undefined;
}
