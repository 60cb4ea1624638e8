import { sql } from 'kysely';
import type { Executor, LedgerKind, PayoutProblem, PayoutStatus } from '../../db/database.js';

/** A month of the account's time zone as instants: [from, to). */
export type MonthBounds = { from: Date; to: Date; timezone: string };

/** Where a local month starts and ends; undefined for an unknown account. */
export async function monthBounds(
  db: Executor,
  accountId: string,
  month: { year: number; month: number },
): Promise<MonthBounds | undefined> {
  const { rows } = await sql<MonthBounds>`
    SELECT make_date(${month.year}, ${month.month}, 1)::timestamp AT TIME ZONE timezone AS "from",
           (make_date(${month.year}, ${month.month}, 1) + interval '1 month')::timestamp
             AT TIME ZONE timezone AS "to",
           timezone
    FROM accounts WHERE id = ${accountId}`.execute(db);
  return rows[0];
}

/**
 * The balance just before `at`: the account's totals less its hourly rollups from the hour
 * `at` falls in, plus the ledger entries of that hour before `at`. Exact in every time zone,
 * and reads only what came after `at` (recent months are the ones asked for).
 */
export async function balanceBefore(db: Executor, accountId: string, at: Date): Promise<string> {
  const { rows } = await sql<{ balance: string }>`
    WITH cut AS (SELECT date_trunc('hour', ${at}::timestamptz, 'UTC') AS hour)
    SELECT ((SELECT coalesce(sum(amount_lamports), 0) FROM ledger_account_totals
             WHERE account_id = ${accountId})
          - (SELECT coalesce(sum(amount_lamports), 0) FROM ledger_account_hours, cut
             WHERE account_id = ${accountId} AND ledger_account_hours.hour >= cut.hour)
          + (SELECT coalesce(sum(amount_lamports), 0) FROM ledger_entries, cut
             WHERE account_id = ${accountId} AND at >= cut.hour AND at < ${at}::timestamptz)
           )::text AS balance`.execute(db);
  return rows[0]?.balance ?? '0';
}

/** Sums of one kind in the month, for one device or (device_id null) the whole account. */
export type MonthSum = { device_id: string | null; kind: LedgerKind; lamports: string };

/**
 * The month's ledger by device and kind, and for the whole account by kind (adjustments
 * without a device and payouts are only there). Whole UTC hours come from the rollups; the
 * ledger itself is read only where the month starts or ends inside an hour (:30, :45 zones).
 */
export async function monthSums(
  db: Executor,
  accountId: string,
  bounds: MonthBounds,
): Promise<MonthSum[]> {
  const edges = sql`((e.at >= b.from_at AND e.at < b.hour_from)
    OR (e.at >= b.hour_to AND e.at < b.to_at))`;
  const { rows } = await sql<MonthSum>`
    WITH b AS (
      SELECT ${bounds.from}::timestamptz AS from_at, ${bounds.to}::timestamptz AS to_at,
             date_trunc('hour', ${bounds.from}::timestamptz, 'UTC')
               + CASE WHEN date_trunc('hour', ${bounds.from}::timestamptz, 'UTC') = ${bounds.from}::timestamptz
                 THEN interval '0' ELSE interval '1 hour' END AS hour_from,
             date_trunc('hour', ${bounds.to}::timestamptz, 'UTC') AS hour_to
    )
    SELECT device_id, kind, sum(amount)::text AS lamports FROM (
      SELECT h.device_id, h.kind, h.amount_lamports AS amount FROM ledger_device_hours h, b
      WHERE h.account_id = ${accountId} AND h.hour >= b.hour_from AND h.hour < b.hour_to
      UNION ALL
      SELECT e.device_id, e.kind, e.amount_lamports FROM ledger_entries e, b
      WHERE e.account_id = ${accountId} AND e.device_id IS NOT NULL AND ${edges}
    ) AS by_device GROUP BY device_id, kind
    UNION ALL
    SELECT NULL, kind, sum(amount)::text FROM (
      SELECT h.kind, h.amount_lamports AS amount FROM ledger_account_hours h, b
      WHERE h.account_id = ${accountId} AND h.hour >= b.hour_from AND h.hour < b.hour_to
      UNION ALL
      SELECT e.kind, e.amount_lamports FROM ledger_entries e, b
      WHERE e.account_id = ${accountId} AND ${edges}
    ) AS by_account GROUP BY kind`.execute(db);
  return rows;
}

export type PayoutLine = {
  payout_id: string | null;
  at: Date;
  /** The month's ledger entries of this payout: its debit, and any credit-back. */
  ledger_lamports: string;
  amount_lamports: string | null;
  address: string | null;
  status: PayoutStatus | null;
  signature: string | null;
  failure_reason: string | null;
  checked_at: Date | null;
  problems: PayoutProblem[] | null;
};

/** The month's payout entries, one line per payout, in the order they were booked. */
export async function payoutLines(
  db: Executor,
  accountId: string,
  bounds: MonthBounds,
): Promise<PayoutLine[]> {
  const { rows } = await sql<PayoutLine>`
    SELECT e.payout_id, min(e.at) AS at, sum(e.amount_lamports)::text AS ledger_lamports,
           p.amount_lamports::text AS amount_lamports, p.address, p.status, p.signature,
           p.failure_reason, c.checked_at, c.problems
    FROM ledger_entries e
    LEFT JOIN payouts p ON p.id = e.payout_id
    LEFT JOIN payout_checks c ON c.payout_id = e.payout_id
    WHERE e.account_id = ${accountId} AND e.kind = 'payout'
      AND e.at >= ${bounds.from}::timestamptz AND e.at < ${bounds.to}::timestamptz
    GROUP BY e.payout_id, p.id, c.payout_id
    ORDER BY min(e.at), e.payout_id`.execute(db);
  return rows;
}

/**
 * Measured energy of each of the account's devices in the month (deleted ones too: their
 * power was paid for), from the hours kept at ingest; an hour the month starts or ends inside
 * of counts in proportion to its part in the month.
 */
export async function monthEnergy(
  db: Executor,
  accountId: string,
  bounds: MonthBounds,
): Promise<{ device_id: string; energy_wh: number }[]> {
  const { rows } = await sql<{ device_id: string; energy_wh: number | string }>`
    SELECT h.device_id,
           sum(h.energy_wh * extract(epoch FROM
             least(h.hour + interval '1 hour', ${bounds.to}::timestamptz)
             - greatest(h.hour, ${bounds.from}::timestamptz)) / 3600) AS energy_wh
    FROM device_energy_hours h JOIN devices d ON d.id = h.device_id
    WHERE d.account_id = ${accountId}
      AND h.hour > ${bounds.from}::timestamptz - interval '1 hour'
      AND h.hour < ${bounds.to}::timestamptz
    GROUP BY h.device_id`.execute(db);
  return rows.map((row) => ({ device_id: row.device_id, energy_wh: Number(row.energy_wh) }));
}

export function deviceNames(db: Executor, accountId: string, deviceIds: string[]) {
  if (deviceIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('devices')
    .select(['id', 'name'])
    .where('account_id', '=', accountId)
    .where('id', 'in', deviceIds)
    .execute();
}

/** The account's electricity price and currency, to price measured energy with. */
export function electricitySettings(db: Executor, accountId: string) {
  return db
    .selectFrom('accounts')
    .select([sql<string>`electricity_price::text`.as('electricity_price'), 'currency'])
    .where('id', '=', accountId)
    .executeTakeFirstOrThrow();
}

/**
 * The local months (YYYY-MM) with ledger activity or measured energy, newest first. Read from
 * the hourly rollups; an hour that straddles a local month's end (in :30 and :45 zones) lists
 * both months.
 */
export async function activeMonths(db: Executor, accountId: string): Promise<string[]> {
  const { rows } = await sql<{ month: string }>`
    WITH zone AS (SELECT timezone AS tz FROM accounts WHERE id = ${accountId}),
    hours AS (
      SELECT hour FROM ledger_account_hours WHERE account_id = ${accountId}
      UNION
      SELECT h.hour FROM device_energy_hours h JOIN devices d ON d.id = h.device_id
      WHERE d.account_id = ${accountId}
    )
    SELECT DISTINCT to_char(edge AT TIME ZONE zone.tz, 'YYYY-MM') AS month
    FROM hours, zone,
      LATERAL (VALUES (hour), (hour + interval '1 hour' - interval '1 microsecond')) AS edges (edge)
    ORDER BY month DESC`.execute(db);
  return rows.map((row) => row.month);
}

export async function accountTimezone(db: Executor, accountId: string): Promise<string> {
  const row = await db
    .selectFrom('accounts')
    .select('timezone')
    .where('id', '=', accountId)
    .executeTakeFirstOrThrow();
  return row.timezone;
}
