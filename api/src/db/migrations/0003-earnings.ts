import { sql, type Kysely } from 'kysely';

// One statement per call: PGlite runs each as a prepared statement.
const statements = [
  `CREATE TABLE jobs (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     external_id text NOT NULL UNIQUE,
     device_id uuid NOT NULL REFERENCES devices (id),
     account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
     status text NOT NULL CHECK (status IN ('assigned', 'running', 'completed', 'failed', 'cancelled')),
     started_at timestamptz NOT NULL,
     ended_at timestamptz,
     earnings_lamports bigint CHECK (earnings_lamports >= 0),
     created_at timestamptz NOT NULL DEFAULT now(),
     updated_at timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE INDEX jobs_account_idx ON jobs (account_id, created_at DESC, id DESC)`,
  `CREATE INDEX jobs_device_idx ON jobs (device_id, created_at DESC, id DESC)`,
  `CREATE INDEX jobs_running_idx ON jobs (device_id) WHERE status = 'running'`,
  // Append-only: a balance is a sum, never a column that can drift.
  `CREATE TABLE ledger_entries (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
     kind text NOT NULL CHECK (kind IN ('job', 'payout', 'adjustment')),
     amount_lamports bigint NOT NULL,
     device_id uuid REFERENCES devices (id),
     job_id uuid REFERENCES jobs (id),
     payout_id uuid,
     note text,
     at timestamptz NOT NULL DEFAULT now()
   )`,
  // The database itself guarantees a job is credited at most once.
  `CREATE UNIQUE INDEX ledger_one_credit_per_job ON ledger_entries (job_id) WHERE kind = 'job'`,
  `CREATE INDEX ledger_account_idx ON ledger_entries (account_id, at DESC, id DESC)`,
  `CREATE INDEX ledger_device_idx ON ledger_entries (device_id, at DESC, id DESC)`,
  `CREATE TABLE wallets (
     account_id uuid PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
     address text NOT NULL,
     hold_until timestamptz NOT NULL,
     updated_at timestamptz NOT NULL DEFAULT now()
   )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
