import { sql, type Kysely } from 'kysely';

// One statement per call: PGlite runs each as a prepared statement.
const statements = [
  `CREATE TABLE accounts (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     email text NOT NULL UNIQUE,
     password_hash text NOT NULL,
     electricity_price numeric(18, 6) NOT NULL DEFAULT 0.15,
     currency text NOT NULL DEFAULT 'USD',
     sol_price numeric(18, 6),
     timezone text NOT NULL DEFAULT 'UTC',
     created_at timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE TABLE sessions (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     token_hash text NOT NULL UNIQUE,
     account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
     created_at timestamptz NOT NULL DEFAULT now(),
     expires_at timestamptz NOT NULL,
     last_used_at timestamptz NOT NULL DEFAULT now(),
     ip text NOT NULL,
     user_agent text
   )`,
  `CREATE INDEX sessions_account_idx ON sessions (account_id, created_at DESC)`,
  `CREATE TABLE auth_attempts (
     id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     kind text NOT NULL CHECK (kind IN ('login_failure', 'registration')),
     email text,
     ip text NOT NULL,
     at timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE INDEX auth_attempts_ip_idx ON auth_attempts (kind, ip, at DESC)`,
  `CREATE INDEX auth_attempts_email_idx ON auth_attempts (kind, email, ip, at DESC)`,
  `CREATE TABLE devices (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
     name text NOT NULL,
     os text NOT NULL CHECK (os IN ('ubuntu', 'windows')),
     hostname text,
     host_os text,
     gpus jsonb NOT NULL DEFAULT '[]',
     credential_hash text UNIQUE,
     enrolled_at timestamptz,
     last_seen_at timestamptz,
     interval_s integer NOT NULL DEFAULT 10,
     created_at timestamptz NOT NULL DEFAULT now(),
     deleted_at timestamptz
   )`,
  `CREATE INDEX devices_account_idx ON devices (account_id, created_at) WHERE deleted_at IS NULL`,
  `CREATE TABLE enrollment_tokens (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     device_id uuid NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
     token_hash text NOT NULL UNIQUE,
     expires_at timestamptz NOT NULL,
     used_at timestamptz,
     created_at timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE INDEX enrollment_tokens_device_idx ON enrollment_tokens (device_id)`,
  `CREATE TABLE audit_events (
     id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     account_id uuid REFERENCES accounts (id) ON DELETE SET NULL,
     action text NOT NULL,
     ip text,
     user_agent text,
     device_id uuid REFERENCES devices (id) ON DELETE SET NULL,
     details jsonb NOT NULL DEFAULT '{}',
     at timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE INDEX audit_events_account_idx ON audit_events (account_id, at DESC)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
