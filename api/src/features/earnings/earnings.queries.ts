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

type WindowName = 'today' | 'last7d' | 'last30d';

/** Where a window starts, and the UTC hour boundary nearest to that (exact text timestamps). */
type Window = { since: string; cut: string };

/**
 * Where each window starts, by the database's clock and time zone rules; none for an unknown
 * account. Read apart from the sums so that those see constants: the planner then estimates
 * their ledger ranges as the few rows they are, not as a share of the whole ledger (an estimate
 * that grows with the ledger and, past `jit_above_cost`, costs a JIT compile on every call).
 */
async function summaryWindows(db: Executor, accountId: string) {
  const { rows } = await sql<Window & { name: WindowName }>`
    SELECT w.name, w.since::text AS since,
           date_trunc('hour', w.since + interval '30 minutes', 'UTC')::text AS cut
    FROM accounts, LATERAL (VALUES
      ('today', date_trunc('day', now() AT TIME ZONE accounts.timezone) AT TIME ZONE accounts.timezone),
      ('last7d', now() - interval '7 days'),
      ('last30d', now() - interval '30 days')) AS w (name, since)
    WHERE accounts.id = ${accountId}`.execute(db);
  return new Map(rows.map(({ name, ...window }) => [name, window]));
}

/**
 * Earnings since a window's start: the hourly rollups from its cut on, plus the ledger entries
 * between the start and a later cut, or less those between an earlier cut and the start.
 */
function earnedSince(accountId: string, window: Window | undefined) {
  if (!window) return sql<string | null>`NULL`;
  const since = sql`${window.since}::timestamptz`;
  const cut = sql`${window.cut}::timestamptz`;
  return sql<string>`
    (SELECT coalesce(sum(amount_lamports), 0) FROM ledger_account_hours
     WHERE account_id = ${accountId} AND kind <> 'payout' AND hour >= ${cut})
    + (SELECT coalesce(sum(CASE WHEN at >= ${since} THEN amount_lamports ELSE -amount_lamports END), 0)
       FROM ledger_entries
       WHERE account_id = ${accountId} AND kind <> 'payout'
         AND at >= least(${since}, ${cut}) AND at < greatest(${since}, ${cut}))`;
}

/**
 * Balance and lifetime come from the account's totals, and today, 7 and 30 days from its hourly
 * rollups (see migration 0013): the ledger is never scanned whole. A window that starts inside
 * an hour is made exact from the ledger entries between its start and the nearest hour
 * boundary: at most half an hour of one account's entries, read by ledger_account_idx. Exact
 * for every time zone (:30 and :45 ones too) and for the rolling windows alike.
 * Earnings are job credits and adjustments; payouts only lower the balance. "Today" starts at
 * midnight in the account's time zone.
 */
export async function earningsSummary(db: Executor, accountId: string) {
  const windows = await summaryWindows(db, accountId);
  const { rows } = await sql<SummaryRow>`
    SELECT
      (SELECT sum(amount_lamports) FROM ledger_account_totals
       WHERE account_id = ${accountId})::text AS balance,
      (${earnedSince(accountId, windows.get('today'))})::text AS today,
      (${earnedSince(accountId, windows.get('last7d'))})::text AS last7d,
      (${earnedSince(accountId, windows.get('last30d'))})::text AS last30d,
      (SELECT sum(amount_lamports) FROM ledger_account_totals
       WHERE account_id = ${accountId} AND kind <> 'payout')::text AS lifetime`.execute(db);
  const row = rows[0];
  return {
    balanceLamports: lamportsText(row?.balance ?? null),
    todayLamports: lamportsText(row?.today ?? null),
    last7dLamports: lamportsText(row?.last7d ?? null),
    last30dLamports: lamportsText(row?.last30d ?? null),
    lifetimeLamports: lamportsText(row?.lifetime ?? null),
  };
}

/** What is on its way out: payouts held, pending or sent. */
export async function pendingPayoutTotal(db: Executor, accountId: string): Promise<string> {
  const pending = await db
    .selectFrom('payouts')
    .select(sql<string | null>`sum(amount_lamports)::text`.as('total'))
    .where('account_id', '=', accountId)
    .where('status', 'in', ['held', 'pending', 'sent'])
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
