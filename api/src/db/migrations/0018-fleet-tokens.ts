import { sql, type Kysely } from 'kysely';

// One statement per call: PGlite runs each as a prepared statement.
const statements = [
  // Fleet enrollment tokens (`iowf_…`): many machines enrol with one, up to `max_devices`, until
  // it expires or is revoked (its row deleted). Only the SHA-256 is kept, and the last four
  // characters so the owner can tell tokens apart.
  `CREATE TABLE fleet_tokens (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
     name text NOT NULL,
     token_hash text NOT NULL UNIQUE,
     last_four text NOT NULL,
     max_devices integer NOT NULL CHECK (max_devices BETWEEN 1 AND 10000),
     created_at timestamptz NOT NULL DEFAULT now(),
     expires_at timestamptz NOT NULL
   )`,
  `CREATE INDEX fleet_tokens_account_idx ON fleet_tokens (account_id, created_at DESC)`,
  // A machine enrolled with a fleet token is its device: one live device per machine id and
  // account, whichever token enrolled it, so parallel enrollments can never make two.
  `ALTER TABLE devices ADD COLUMN machine_id text`,
  `ALTER TABLE devices ADD COLUMN fleet_token_id uuid REFERENCES fleet_tokens (id) ON DELETE SET NULL`,
  `CREATE UNIQUE INDEX devices_machine_idx ON devices (account_id, machine_id)
     WHERE machine_id IS NOT NULL AND deleted_at IS NULL`,
  `CREATE INDEX devices_fleet_token_idx ON devices (fleet_token_id)
     WHERE fleet_token_id IS NOT NULL AND deleted_at IS NULL`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
