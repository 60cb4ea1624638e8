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
  // When the payout was let out to be signed: at creation, or when its hold ended. The daily
  // cap counts what was let out in the last 24 hours.
  `ALTER TABLE payouts ADD COLUMN released_at timestamptz`,
  `UPDATE payouts SET released_at = created_at`,
  `CREATE INDEX payouts_released_idx ON payouts (released_at)
   WHERE status IN ('pending', 'sent', 'confirmed')`,
  `CREATE INDEX payouts_held_idx ON payouts (created_at) WHERE status = 'held'`,
  // Still at most one payout per account between being written and being settled.
  `DROP INDEX payouts_one_open_per_account`,
  `CREATE UNIQUE INDEX payouts_one_open_per_account ON payouts (account_id)
   WHERE status IN ('held', 'pending', 'sent')`,
  // Two payouts of the same amount to the same address under one blockhash would be one and
  // the same transaction: the second would look paid ("already processed") while nothing moved.
  // A failed payout's transaction can never land, so its bytes may come back (a restarted
  // embedded ledger hands out the same first blockhash again).
  `CREATE UNIQUE INDEX payouts_signature_unique ON payouts (signature)
   WHERE signature IS NOT NULL AND status <> 'failed'`,
  // An approval reconciles open payouts only; an admin's full run pays every eligible account.
  `ALTER TABLE payout_run_requests ADD COLUMN pay_new boolean NOT NULL DEFAULT true`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
