import { sql, type RawBuilder } from 'kysely';
import type { Executor, LedgerKind } from '../../db/database.js';

/**
 * The ledger's rollups (migration 0013), which a trigger on `ledger_entries` keeps in the same
 * transaction as each entry, and their keys. The ledger stays the truth: these are checked
 * against it here and, when they differ, set back to what it says.
 */
const ROLLUPS = {
  device_hours: { table: 'ledger_device_hours', keys: ['account_id', 'device_id', 'hour', 'kind'] },
  account_hours: { table: 'ledger_account_hours', keys: ['account_id', 'hour', 'kind'] },
  account_totals: { table: 'ledger_account_totals', keys: ['account_id', 'kind'] },
} as const;

export type RollupName = keyof typeof ROLLUPS;

export const ROLLUP_NAMES = Object.keys(ROLLUPS) as RollupName[];

export type RollupDifference = {
  rollup: RollupName;
  accountId: string;
  deviceId: string | null;
  /** The UTC hour, for the hourly rollups. */
  hour: string | null;
  kind: LedgerKind;
  ledgerLamports: string;
  rollupLamports: string;
};

/** At most this many differences are listed; a repair mends them all. */
export const DIFFERENCES_LISTED = 1000;

function columns(names: readonly string[]): RawBuilder<unknown> {
  return sql.join(names.map((name) => sql.ref(name)));
}

function hasKey(name: RollupName, key: string): boolean {
  const keys: readonly string[] = ROLLUPS[name].keys;
  return keys.includes(key);
}

function scopeOf(accountId: string | undefined): RawBuilder<unknown> {
  return accountId === undefined ? sql`true` : sql`account_id = ${accountId}`;
}

/**
 * Every key where the rollup and the sum of its ledger entries disagree, in one statement (one
 * snapshot, in which each committed entry and its rollup update are both seen or both not). A
 * key missing on one side counts as 0 there.
 */
function differencesOf(name: RollupName, accountId: string | undefined): RawBuilder<unknown> {
  const { table, keys } = ROLLUPS[name];
  const scope = scopeOf(accountId);
  const attributed = hasKey(name, 'device_id') ? sql`device_id IS NOT NULL` : sql`true`;
  return sql`
    SELECT ${columns(keys)},
           coalesce(ledger.amount, 0) AS ledger_amount,
           coalesce(rollup.amount_lamports, 0) AS rollup_amount
    FROM (SELECT ${columns(keys)}, sum(amount_lamports) AS amount
          FROM (SELECT account_id, device_id, date_trunc('hour', at, 'UTC') AS hour, kind,
                       amount_lamports
                FROM ledger_entries WHERE ${scope}) AS entries
          WHERE ${attributed}
          GROUP BY ${columns(keys)}) AS ledger
    FULL JOIN (SELECT * FROM ${sql.table(table)} WHERE ${scope}) AS rollup USING (${columns(keys)})
    WHERE coalesce(ledger.amount, 0) <> coalesce(rollup.amount_lamports, 0)`;
}

/** One listed row shape for every rollup: the keys it lacks are null. */
function listed(name: RollupName, accountId: string | undefined): RawBuilder<unknown> {
  const device = hasKey(name, 'device_id') ? sql`device_id` : sql`NULL::uuid`;
  const hour = hasKey(name, 'hour') ? sql`hour` : sql`NULL::timestamptz`;
  return sql`
    SELECT ${sql.lit(name)} AS rollup, account_id, ${device} AS device_id, ${hour} AS hour, kind,
           ledger_amount, rollup_amount
    FROM (${differencesOf(name, accountId)}) AS differences`;
}

type DifferenceRow = {
  rollup: RollupName;
  account_id: string;
  device_id: string | null;
  hour: Date | null;
  kind: LedgerKind;
  ledger_amount: string;
  rollup_amount: string;
  total: string;
};

/** The rollups' differences from the ledger (the first DIFFERENCES_LISTED) and how many in all. */
export async function rollupDifferences(
  db: Executor,
  accountId?: string,
): Promise<{ differences: RollupDifference[]; total: number }> {
  const { rows } = await sql<DifferenceRow>`
    SELECT rollup, account_id, device_id, hour, kind,
           ledger_amount::text AS ledger_amount, rollup_amount::text AS rollup_amount,
           count(*) OVER ()::text AS total
    FROM (${sql.join(
      ROLLUP_NAMES.map((name) => listed(name, accountId)),
      sql` UNION ALL `,
    )}) AS differences
    ORDER BY rollup, account_id, device_id, hour, kind
    LIMIT ${DIFFERENCES_LISTED}`.execute(db);
  return {
    differences: rows.map((row) => ({
      rollup: row.rollup,
      accountId: row.account_id,
      deviceId: row.device_id,
      hour: row.hour?.toISOString() ?? null,
      kind: row.kind,
      ledgerLamports: row.ledger_amount,
      rollupLamports: row.rollup_amount,
    })),
    total: Number(rows[0]?.total ?? 0),
  };
}

/**
 * Holds off new ledger entries (and so the trigger's rollup updates) until the transaction
 * ends: a repair computed from one snapshot must not overwrite an entry added meanwhile.
 */
export async function lockLedgerAgainstInserts(trx: Executor): Promise<void> {
  await sql`LOCK TABLE ledger_entries IN SHARE MODE`.execute(trx);
}

/** Sets every differing rollup row to the ledger's sum (0 where the ledger has no entries). */
export async function repairRollup(
  trx: Executor,
  name: RollupName,
  accountId?: string,
): Promise<void> {
  const { table, keys } = ROLLUPS[name];
  await sql`
    INSERT INTO ${sql.table(table)} (${columns(keys)}, amount_lamports)
    SELECT ${columns(keys)}, ledger_amount FROM (${differencesOf(name, accountId)}) AS differences
    ON CONFLICT (${columns(keys)}) DO UPDATE SET amount_lamports = excluded.amount_lamports`.execute(
    trx,
  );
}
