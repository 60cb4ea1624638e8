import { sql, type Kysely } from 'kysely';

const ROLLUPS = [
  { table: 'ledger_device_hours', keys: 'account_id, device_id, hour, kind' },
  { table: 'ledger_account_hours', keys: 'account_id, hour, kind' },
  { table: 'ledger_account_totals', keys: 'account_id, kind' },
];

/**
 * Adds the ledger rows of `source` onto each rollup, grouped by its keys: an upsert that adds,
 * so it is safe under parallel inserts. Rollups are locked in one order (device hour, account
 * hour, totals), so concurrent credits of one device or account queue rather than deadlock.
 */
function addUp(source: string): string[] {
  return ROLLUPS.map(
    ({ table, keys }) => `INSERT INTO ${table} AS r (${keys}, amount_lamports)
      SELECT ${keys}, sum(amount_lamports)
      FROM (SELECT account_id, device_id, date_trunc('hour', at, 'UTC') AS hour, kind, amount_lamports
            FROM ${source}) AS entries
      ${keys.includes('device_id') ? 'WHERE device_id IS NOT NULL' : ''}
      GROUP BY ${keys} ORDER BY ${keys}
      ON CONFLICT (${keys}) DO UPDATE SET amount_lamports = r.amount_lamports + excluded.amount_lamports`,
  );
}

// One statement per call: PGlite runs each as a prepared statement.
const statements = [
  // Sums of the ledger by UTC hour, so that reads never scan the whole ledger. Keyed by UTC
  // hour, not by local day, so a change of time zone needs no rebuild: local days are summed
  // from hours when read, and the ledger itself is read for an hour that a window starts inside
  // of (a rolling window, or midnight in a :30/:45 zone). The ledger stays the truth:
  // features/earnings/ledger-rollups.queries.ts checks and repairs these against it.
  `CREATE TABLE ledger_account_hours (
     account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
     hour timestamptz NOT NULL,
     kind text NOT NULL,
     amount_lamports bigint NOT NULL,
     PRIMARY KEY (account_id, hour, kind)
   )`,
  `CREATE TABLE ledger_device_hours (
     account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
     device_id uuid NOT NULL REFERENCES devices (id),
     hour timestamptz NOT NULL,
     kind text NOT NULL,
     amount_lamports bigint NOT NULL,
     PRIMARY KEY (account_id, device_id, hour, kind)
   )`,
  // Balance and lifetime: one row per kind, however old the account.
  `CREATE TABLE ledger_account_totals (
     account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
     kind text NOT NULL,
     amount_lamports bigint NOT NULL,
     PRIMARY KEY (account_id, kind)
   )`,
  // A trigger rather than application code: every writer (job credits, payout debits and
  // credit-backs, an operator's adjustment in psql, an older API during a rolling deploy)
  // updates the rollups in the same transaction as its ledger rows. Per statement, over the rows
  // it inserted: a bulk insert costs one grouped upsert per rollup, not one per row.
  `CREATE FUNCTION ledger_rollups_add() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     ${addUp('inserted').join(';\n')};
     RETURN NULL;
   END $$`,
  // Before the backfill: creating it locks out other writers until this migration commits, so
  // no ledger row can be committed unseen by both the backfill and the trigger.
  `CREATE TRIGGER ledger_rollups AFTER INSERT ON ledger_entries
   REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION ledger_rollups_add()`,
  ...addUp('ledger_entries'),
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
