import { sql, type Kysely } from 'kysely';

// One statement per call: PGlite runs each as a prepared statement.
const statements = [
  // A WebAuthn credential: its id and COSE public key as base64url, and the authenticator's
  // signature counter (a uint32, hence bigint), which only ever grows.
  `CREATE TABLE passkeys (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
     credential_id text NOT NULL UNIQUE,
     public_key text NOT NULL,
     counter bigint NOT NULL DEFAULT 0,
     transports jsonb NOT NULL DEFAULT '[]',
     name text NOT NULL,
     created_at timestamptz NOT NULL DEFAULT now(),
     last_used_at timestamptz
   )`,
  `CREATE INDEX passkeys_account_id ON passkeys (account_id)`,
  // A challenge handed out with WebAuthn options: 5 minutes, once. A passwordless sign-in's
  // belongs to no account yet; the others to the account that asked.
  `CREATE TABLE passkey_challenges (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     challenge text NOT NULL UNIQUE,
     purpose text NOT NULL CHECK (purpose IN ('registration', 'sign_in', 'second_factor')),
     account_id uuid REFERENCES accounts (id) ON DELETE CASCADE,
     expires_at timestamptz NOT NULL,
     used_at timestamptz,
     CHECK ((purpose = 'sign_in') = (account_id IS NULL))
   )`,
  `CREATE INDEX passkey_challenges_expires_at ON passkey_challenges (expires_at)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
