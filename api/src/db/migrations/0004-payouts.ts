import { sql, type Kysely } from 'kysely';

// One statement per call: PGlite runs each as a prepared statement.
const statements = [
  `CREATE TABLE payouts (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
     amount_lamports bigint NOT NULL CHECK (amount_lamports > 0),
     address text NOT NULL,
     status text NOT NULL CHECK (status IN ('pending', 'sent', 'confirmed', 'failed')),
     signature text,
     wire_transaction text,
     last_valid_block_height bigint,
     failure_reason text,
     created_at timestamptz NOT NULL DEFAULT now(),
     updated_at timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE INDEX payouts_account_idx ON payouts (account_id, created_at DESC, id DESC)`,
  `CREATE INDEX payouts_open_idx ON payouts (status) WHERE status IN ('pending', 'sent')`,
  // At most one payout in flight per account: a second run cannot pay the same balance twice.
  `CREATE UNIQUE INDEX payouts_one_open_per_account ON payouts (account_id) WHERE status IN ('pending', 'sent')`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
