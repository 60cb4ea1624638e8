import { sql } from 'kysely';
import type { Executor, LedgerKind } from '../../db/database.js';
import { lamportsText } from '../../lib/lamports.js';
import { olderThan } from '../../db/keyset.queries.js';
import type { Keyset } from '../../lib/paging.js';

export type LedgerFilter = { accountId: string; deviceId?: string; from?: Date; to?: Date };

type SummaryRow = {
  balance: string | null;
  today: string | null;
  last7d: string | null;
  last30d: string | null;
  lifetime: string | null;
};

/**
 * Every figure is a sum over the append-only ledger, in one scan of the account's entries.
 * Earnings are job credits and adjustments; payouts only lower the balance. "Today" starts at
 * midnight in the account's time zone.
 */
export async function earningsSummary(db: Executor, accountId: string) {
  const { rows } = await sql<SummaryRow>`
    WITH zone AS (SELECT timezone AS tz FROM accounts WHERE id = ${accountId}),
    bounds AS (
      SELECT date_trunc('day', now() AT TIME ZONE zone.tz) AT TIME ZONE zone.tz AS today FROM zone
    )
    SELECT
      sum(amount_lamports)::text AS balance,
      (sum(amount_lamports) FILTER (WHERE kind <> 'payout' AND at >= bounds.today))::text AS today,
      (sum(amount_lamports) FILTER (WHERE kind <> 'payout' AND at >= now() - interval '7 days'))::text AS last7d,
      (sum(amount_lamports) FILTER (WHERE kind <> 'payout' AND at >= now() - interval '30 days'))::text AS last30d,
      (sum(amount_lamports) FILTER (WHERE kind <> 'payout'))::text AS lifetime
    FROM bounds LEFT JOIN ledger_entries ON ledger_entries.account_id = ${accountId}`.execute(db);
  const row = rows[0];
  return {
    balanceLamports: lamportsText(row?.balance ?? null),
    todayLamports: lamportsText(row?.today ?? null),
    last7dLamports: lamportsText(row?.last7d ?? null),
    last30dLamports: lamportsText(row?.last30d ?? null),
    lifetimeLamports: lamportsText(row?.lifetime ?? null),
  };
}

/** What is on its way out: payouts not yet confirmed or failed. */
export async function pendingPayoutTotal(db: Executor, accountId: string): Promise<string> {
  const pending = await db
    .selectFrom('payouts')
    .select(sql<string | null>`sum(amount_lamports)::text`.as('total'))
    .where('account_id', '=', accountId)
    .where('status', 'in', ['pending', 'sent'])
    .executeTakeFirst();
  return lamportsText(pending?.total ?? null);
}

export type LedgerEntry = {
  id: string;
  at: string;
  kind: LedgerKind;
  amountLamports: string;
  deviceId: string | null;
  jobId: string | null;
  payoutId: string | null;
  note: string | null;
};

/** A page of entries, newest first, by keyset (never OFFSET: deep pages cost what the first does). */
export async function ledgerPage(
  db: Executor,
  filter: LedgerFilter,
  page: { limit: number; after: Keyset | undefined },
): Promise<(LedgerEntry & { keyset: Keyset })[]> {
  let query = db
    .selectFrom('ledger_entries')
    .select([
      'id',
      'at',
      'kind',
      'device_id',
      'job_id',
      'payout_id',
      'note',
      sql<string>`amount_lamports::text`.as('amount'),
      sql<string>`at::text`.as('at_text'),
    ])
    .where('account_id', '=', filter.accountId);
  if (filter.deviceId) query = query.where('device_id', '=', filter.deviceId);
  if (filter.from) query = query.where('at', '>=', filter.from);
  if (filter.to) query = query.where('at', '<', filter.to);
  if (page.after) query = query.where(olderThan(page.after, 'at'));
  const rows = await query.orderBy('at', 'desc').orderBy('id', 'desc').limit(page.limit).execute();
  return rows.map((row) => ({
    id: row.id,
    at: row.at.toISOString(),
    kind: row.kind,
    amountLamports: row.amount,
    deviceId: row.device_id,
    jobId: row.job_id,
    payoutId: row.payout_id,
    note: row.note,
    keyset: { at: row.at_text, id: row.id },
  }));
}
