import { sql, type Kysely } from 'kysely';

// One statement per call: PGlite runs each as a prepared statement.
const statements = [
  `CREATE TABLE notification_channels (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
     kind text NOT NULL CHECK (kind IN ('email', 'telegram', 'discord', 'slack', 'webhook')),
     name text NOT NULL,
     target_sealed text,
     target_masked text NOT NULL,
     secret_sealed text,
     enabled boolean NOT NULL DEFAULT true,
     verified boolean NOT NULL DEFAULT false,
     code_hash text,
     code_expires_at timestamptz,
     code_attempts integer NOT NULL DEFAULT 0,
     last_delivery_at timestamptz,
     last_delivery_ok boolean,
     last_delivery_error text,
     created_at timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE INDEX notification_channels_account_idx ON notification_channels (account_id, created_at)`,
  `CREATE INDEX notification_channels_code_idx ON notification_channels (code_hash) WHERE code_hash IS NOT NULL`,
  `CREATE TABLE notification_deliveries (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
     channel_id uuid NOT NULL REFERENCES notification_channels (id) ON DELETE CASCADE,
     notification_id uuid REFERENCES notifications (id) ON DELETE SET NULL,
     message jsonb NOT NULL,
     status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
     attempts integer NOT NULL DEFAULT 0,
     next_attempt_at timestamptz NOT NULL DEFAULT now(),
     locked_until timestamptz,
     last_error text,
     created_at timestamptz NOT NULL DEFAULT now(),
     finished_at timestamptz
   )`,
  `CREATE INDEX notification_deliveries_due_idx ON notification_deliveries (next_attempt_at) WHERE status = 'pending'`,
  `CREATE INDEX notification_deliveries_notification_idx ON notification_deliveries (notification_id)`,
  `CREATE TABLE telegram_updates (
     bot text PRIMARY KEY,
     next_offset bigint NOT NULL
   )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
