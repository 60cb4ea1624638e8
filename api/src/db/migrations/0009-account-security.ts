import { sql, type Kysely } from 'kysely';

// One statement per call: PGlite runs each as a prepared statement.
const statements = [
  `ALTER TABLE accounts ADD COLUMN email_verified_at timestamptz`,
  // Single-use tokens sent by email: verify an address, reset a password, confirm a new
  // address, end a session from a new-sign-in alert. Only their SHA-256 is kept.
  `CREATE TABLE account_tokens (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
     purpose text NOT NULL CHECK (purpose IN ('verify_email', 'password_reset', 'email_change', 'end_session')),
     token_hash text NOT NULL UNIQUE,
     email text,
     session_id uuid,
     expires_at timestamptz NOT NULL,
     used_at timestamptz,
     created_at timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE INDEX account_tokens_account_idx ON account_tokens (account_id, purpose, created_at DESC)`,
  // Mail to the account itself (verification, reset) has no channel: its address rides along.
  `ALTER TABLE notification_deliveries ALTER COLUMN channel_id DROP NOT NULL`,
  `ALTER TABLE notification_deliveries ADD COLUMN to_sealed text`,
  `ALTER TABLE notification_deliveries ADD CONSTRAINT notification_deliveries_target_check CHECK ((channel_id IS NULL) <> (to_sealed IS NULL))`,
  `ALTER TABLE auth_attempts DROP CONSTRAINT auth_attempts_kind_check`,
  `ALTER TABLE auth_attempts ADD CONSTRAINT auth_attempts_kind_check CHECK (kind IN ('login_failure', 'registration', 'password_reset'))`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
