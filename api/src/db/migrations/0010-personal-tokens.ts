import { sql, type Kysely } from 'kysely';

// One statement per call: PGlite runs each as a prepared statement.
const statements = [
  // Personal API tokens (`iowp_…`): only their SHA-256 is kept, with the last four characters
  // so the owner can tell them apart. Revoking one deletes its row; the audit log remembers it.
  `CREATE TABLE personal_tokens (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
     name text NOT NULL,
     scope text NOT NULL CHECK (scope IN ('read', 'write')),
     token_hash text NOT NULL UNIQUE,
     last_four text NOT NULL,
     created_at timestamptz NOT NULL DEFAULT now(),
     expires_at timestamptz,
     last_used_at timestamptz
   )`,
  `CREATE INDEX personal_tokens_account_idx ON personal_tokens (account_id, created_at DESC)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
