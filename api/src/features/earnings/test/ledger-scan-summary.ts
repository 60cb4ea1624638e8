import { sql } from 'kysely';
import type { Executor } from '../../../db/database.js';

/**
 * The summary as it was computed before the rollups, by summing the whole ledger: the oracle
 * the rollup-based summary must match to the lamport.
 */
export async function ledgerScanSummary(db: Executor, accountId: string) {
  const { rows } = await sql<Record<string, string>>`
    WITH zone AS (SELECT timezone AS tz FROM accounts WHERE id = ${accountId}),
    bounds AS (
      SELECT date_trunc('day', now() AT TIME ZONE zone.tz) AT TIME ZONE zone.tz AS today FROM zone
    )
    SELECT
      coalesce(sum(amount_lamports), 0)::text AS "balanceLamports",
      coalesce(sum(amount_lamports) FILTER (WHERE kind <> 'payout' AND at >= bounds.today), 0)::text
        AS "todayLamports",
      coalesce(sum(amount_lamports) FILTER (WHERE kind <> 'payout' AND at >= now() - interval '7 days'), 0)::text
        AS "last7dLamports",
      coalesce(sum(amount_lamports) FILTER (WHERE kind <> 'payout' AND at >= now() - interval '30 days'), 0)::text
        AS "last30dLamports",
      coalesce(sum(amount_lamports) FILTER (WHERE kind <> 'payout'), 0)::text AS "lifetimeLamports"
    FROM bounds LEFT JOIN ledger_entries ON ledger_entries.account_id = ${accountId}`.execute(db);
  return rows[0];
}
