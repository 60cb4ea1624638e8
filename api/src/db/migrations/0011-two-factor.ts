import { sql, type Kysely } from 'kysely';

// One statement per call: PGlite runs each as a prepared statement.
const statements = [
  // The TOTP key is sealed with SECRETS_KEY; the last step used makes each code work once.
  `CREATE TABLE totp_credentials (
     account_id uuid PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
     secret_sealed text NOT NULL,
     confirmed_at timestamptz,
     last_used_step bigint NOT NULL DEFAULT 0,
     created_at timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE TABLE recovery_codes (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
     code_hash text NOT NULL,
     used_at timestamptz,
     UNIQUE (account_id, code_hash)
   )`,
  // A password that was right, waiting for its second factor: 5 minutes, 5 tries.
  `CREATE TABLE mfa_challenges (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
     token_hash text NOT NULL UNIQUE,
     expires_at timestamptz NOT NULL,
     attempts integer NOT NULL DEFAULT 0,
     used_at timestamptz
   )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
