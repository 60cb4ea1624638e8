import { sql } from 'kysely';
import type { Executor, PayoutRunOutcome } from '../../db/database.js';

/** A full run, or with `approvePayoutId` an approval of that held payout. */
export async function insertRunRequest(
  db: Executor,
  approvePayoutId: string | null,
): Promise<string> {
  const row = await db
    .insertInto('payout_run_requests')
    .values({ approve_payout_id: approvePayoutId })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function runRequestOutcome(
  db: Executor,
  id: string,
): Promise<PayoutRunOutcome | undefined> {
  const row = await db
    .selectFrom('payout_run_requests')
    .select('outcome')
    .where('id', '=', id)
    .where('finished_at', 'is not', null)
    .executeTakeFirst();
  return row?.outcome ?? undefined;
}

/**
 * The oldest request no worker is on: never claimed, or claimed by one that died before it
 * finished (`staleAfterMs` ago). Claimed in the same statement, so two workers never share one.
 */
export async function claimRunRequest(
  db: Executor,
  staleAfterMs: number,
): Promise<{ id: string; approve_payout_id: string | null } | undefined> {
  const staleBefore = new Date(Date.now() - staleAfterMs);
  return db
    .updateTable('payout_run_requests')
    .set({ claimed_at: sql<Date>`now()` })
    .where('id', '=', (eb) =>
      eb
        .selectFrom('payout_run_requests')
        .select('id')
        .where('finished_at', 'is', null)
        .where((where) =>
          where.or([where('claimed_at', 'is', null), where('claimed_at', '<', staleBefore)]),
        )
        .orderBy('requested_at')
        .limit(1)
        .forUpdate()
        .skipLocked(),
    )
    .returning(['id', 'approve_payout_id'])
    .executeTakeFirst();
}

export async function finishRunRequest(
  db: Executor,
  id: string,
  outcome: PayoutRunOutcome,
): Promise<void> {
  await db
    .updateTable('payout_run_requests')
    .set({ finished_at: sql<Date>`now()`, outcome: JSON.stringify(outcome) })
    .where('id', '=', id)
    .execute();
}
