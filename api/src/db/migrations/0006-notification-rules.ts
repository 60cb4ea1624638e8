import { sql, type Kysely } from 'kysely';

// One statement per call: PGlite runs each as a prepared statement.
const statements = [
  `CREATE TABLE notification_rules (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
     device_id uuid REFERENCES devices (id) ON DELETE CASCADE,
     event text NOT NULL,
     enabled boolean,
     channel_ids jsonb
   )`,
  `CREATE UNIQUE INDEX notification_rules_account_idx ON notification_rules (account_id, event) WHERE device_id IS NULL`,
  `CREATE UNIQUE INDEX notification_rules_device_idx ON notification_rules (device_id, event) WHERE device_id IS NOT NULL`,
  `ALTER TABLE accounts ADD COLUMN quiet_start text`,
  `ALTER TABLE accounts ADD COLUMN quiet_end text`,
  `ALTER TABLE devices ADD COLUMN muted_until timestamptz`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
