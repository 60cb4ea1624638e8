import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';

export type OutboxState = {
  pending: number;
  /** How long the longest-waiting due delivery has waited past its time; 0 when none is due. */
  lagSeconds: number;
  /** Age of the oldest undelivered message, retries waiting included; 0 when none. */
  oldestAgeSeconds: number;
};

/** Only pending rows are read, through their partial index (notification_deliveries_due_idx). */
export async function outboxState(db: Executor): Promise<OutboxState> {
  const { rows } = await sql<{ pending: string; lag_s: number | null; oldest_s: number | null }>`
    SELECT count(*)::text AS pending,
           extract(epoch FROM now() - min(next_attempt_at) FILTER (WHERE next_attempt_at <= now()))::float8 AS lag_s,
           extract(epoch FROM now() - min(created_at))::float8 AS oldest_s
    FROM notification_deliveries
    WHERE status = 'pending'`.execute(db);
  const row = rows[0];
  return {
    pending: Number(row?.pending ?? 0),
    lagSeconds: Math.max(0, row?.lag_s ?? 0),
    oldestAgeSeconds: Math.max(0, row?.oldest_s ?? 0),
  };
}

/**
 * Payouts by status, all time: a status's count only grows once settled (confirmed, failed), so
 * `delta()` over it reads like a counter, and every worker replica reports the same figure.
 * One row per payout and account run, far fewer than the ledger readyz already sums.
 */
export async function payoutsByStatus(db: Executor): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('payouts')
    .select(['status', (eb) => eb.fn.countAll<string>().as('count')])
    .groupBy('status')
    .execute();
  return new Map(rows.map((row) => [row.status, Number(row.count)]));
}

/** Devices whose rollups wait to be computed again (a replayed buffer); a small table. */
export async function staleRollupDevices(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('metric_rollup_stale_devices')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}
