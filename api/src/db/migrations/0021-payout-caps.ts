import { sql, type Kysely } from 'kysely';

// One statement per call: PGlite runs each as a prepared statement.
const statements = [
  // A payout over PAYOUT_MAX_LAMPORTS, or over what PAYOUT_DAILY_MAX_LAMPORTS leaves of the last
  // 24 hours, is `held`: its balance is spoken for (the ledger debit is written), nothing is
  // signed until an admin approves it or, for the daily cap, the window has room again.
  `ALTER TABLE payouts DROP CONSTRAINT payouts_status_check`,
  `ALTER TABLE payouts ADD CONSTRAINT payouts_status_check
   CHECK (status IN ('held', 'pending', 'sent', 'confirmed', 'failed'))`,
  `ALTER TABLE payouts ADD COLUMN hold_reason text
   CHECK (hold_reason IN ('over_payout_cap', 'over_daily_cap'))`,
  `ALTER TABLE payouts ADD COLUMN approved_at timestamptz`,
  // When the payout was let out to be signed: at creation, or when its hold ended.
  `ALTER TABLE payouts ADD COLUMN released_at timestamptz`,
  `UPDATE payouts SET released_at = created_at`,
  // The daily cap counts payouts confirmed in the last 24 hours (and every open one).
  `CREATE INDEX payouts_confirmed_recently_idx ON payouts (updated_at) WHERE status = 'confirmed'`,
  `CREATE INDEX payouts_held_idx ON payouts (created_at) WHERE status = 'held'`,
  // Still at most one payout per account between being written and being settled.
  `DROP INDEX payouts_one_open_per_account`,
  `CREATE UNIQUE INDEX payouts_one_open_per_account ON payouts (account_id)
   WHERE status IN ('held', 'pending', 'sent')`,
  // Before, the embedded ledger kept one blockhash: a second payout of the same amount to the
  // same address was the first one's transaction again, booked confirmed while nothing moved.
  // Such later twins fail now and their amounts go back to the balances they were taken from.
  `WITH twins AS (
     SELECT id, account_id, amount_lamports FROM (
       SELECT id, account_id, amount_lamports,
              row_number() OVER (PARTITION BY signature ORDER BY created_at, id) AS nth
       FROM payouts WHERE signature IS NOT NULL AND status <> 'failed') AS numbered
     WHERE nth > 1),
   failed AS (
     UPDATE payouts p SET status = 'failed', updated_at = now(),
       failure_reason = 'the same transaction as an earlier payout: nothing was paid'
     FROM twins WHERE p.id = twins.id
     RETURNING p.id, p.account_id, p.amount_lamports)
   INSERT INTO ledger_entries (account_id, kind, amount_lamports, payout_id, note)
   SELECT account_id, 'payout', amount_lamports, id,
          'payout failed: the same transaction as an earlier payout' FROM failed`,
  // Two payouts of the same amount to the same address under one blockhash would be one and
  // the same transaction: the second would look paid ("already processed") while nothing moved.
  // A failed payout's transaction can never land, so its bytes may come back (a restarted
  // embedded ledger hands out the same first blockhash again).
  `CREATE UNIQUE INDEX payouts_signature_unique ON payouts (signature)
   WHERE signature IS NOT NULL AND status <> 'failed'`,
  // An approval handed to the worker (ROLE=api): it releases that payout and settles open
  // payouts only; a request without one is an admin's full run.
  `ALTER TABLE payout_run_requests
   ADD COLUMN approve_payout_id uuid REFERENCES payouts (id) ON DELETE CASCADE`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
