import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';

export type DailyRow =
  | { scope: 'day'; date: string; device_id: null; lamports: null }
  | { scope: 'device'; date: string; device_id: string; lamports: string }
  | { scope: 'account'; date: string; device_id: null; lamports: string };

/**
 * The account's last `days` days in its time zone, oldest first: each day's start and end, and
 * the whole UTC hours between them (`hour_from`, `hour_to`). In zones a whole number of hours
 * from UTC the hours are the day; elsewhere (:30, :45) the minutes before the first whole
 * hour and after the last are read from the ledger itself.
 */
function daysOf(accountId: string, days: number) {
  return sql`
    SELECT to_char(d, 'YYYY-MM-DD') AS date, start, "end",
           date_trunc('hour', start) + CASE WHEN date_trunc('hour', start) = start
             THEN interval '0' ELSE interval '1 hour' END AS hour_from,
           date_trunc('hour', "end") AS hour_to
    FROM accounts,
      LATERAL generate_series(
        date_trunc('day', now() AT TIME ZONE accounts.timezone) - (${days - 1} * interval '1 day'),
        date_trunc('day', now() AT TIME ZONE accounts.timezone),
        interval '1 day') AS d,
      LATERAL (SELECT d AT TIME ZONE accounts.timezone AS start,
                      (d + interval '1 day') AT TIME ZONE accounts.timezone AS "end") AS bounds
    WHERE accounts.id = ${accountId}`;
}

/**
 * One row per day (`scope` 'day', no amount), and earnings (job credits and adjustments, not
 * payouts) per day for each device ('device') and for the whole account ('account', which
 * adjustments without a device are part of; left out for one device). Read from the hourly
 * rollups (migration 0013) and, at the edges of days that do not start on a whole UTC hour,
 * from the ledger entries there: exact in every time zone.
 */
export async function dailyEarnings(
  db: Executor,
  filter: { accountId: string; days: number; deviceId?: string | undefined },
): Promise<DailyRow[]> {
  const { accountId, days, deviceId } = filter;
  const ofDevice = deviceId ? sql`AND device_id = ${deviceId}` : sql``;
  const atEdges = sql`((e.at >= days.start AND e.at < days.hour_from)
    OR (e.at >= days.hour_to AND e.at < days."end"))`;
  const accountPart = deviceId
    ? sql``
    : sql`UNION ALL
      SELECT 'account', date, NULL, sum(amount_lamports)::text FROM (
        SELECT days.date, h.amount_lamports FROM days
          JOIN ledger_account_hours h ON h.account_id = ${accountId} AND h.kind <> 'payout'
           AND h.hour >= days.hour_from AND h.hour < days.hour_to
        UNION ALL
        SELECT days.date, e.amount_lamports FROM days
          JOIN ledger_entries e ON e.account_id = ${accountId} AND e.kind <> 'payout' AND ${atEdges}
      ) AS account_amounts GROUP BY date`;
  const { rows } = await sql<DailyRow>`
    WITH days AS (${daysOf(accountId, days)})
    SELECT 'day' AS scope, date, NULL AS device_id, NULL AS lamports FROM days
    UNION ALL
    SELECT 'device', date, device_id, sum(amount_lamports)::text FROM (
      SELECT days.date, h.device_id, h.amount_lamports FROM days
        JOIN ledger_device_hours h ON h.account_id = ${accountId} AND h.kind <> 'payout'
         AND h.hour >= days.hour_from AND h.hour < days.hour_to ${ofDevice}
      UNION ALL
      SELECT days.date, e.device_id, e.amount_lamports FROM days
        JOIN ledger_entries e ON e.account_id = ${accountId} AND e.kind <> 'payout'
         AND e.device_id IS NOT NULL AND ${atEdges} ${ofDevice}
    ) AS device_amounts GROUP BY date, device_id
    ${accountPart}`.execute(db);
  return rows;
}
