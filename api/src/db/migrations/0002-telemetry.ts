import { sql, type Kysely } from 'kysely';

// One statement per call: PGlite runs each as a prepared statement.
const statements = [
  `ALTER TABLE devices ADD COLUMN reported_status text NOT NULL DEFAULT 'pending'
     CHECK (reported_status IN ('pending', 'online', 'offline'))`,
  `ALTER TABLE devices ADD COLUMN latest jsonb`,
  `ALTER TABLE devices ADD COLUMN dropped_fields bigint NOT NULL DEFAULT 0`,
  `CREATE INDEX devices_online_idx ON devices (last_seen_at) WHERE reported_status = 'online' AND deleted_at IS NULL`,
  `CREATE TABLE device_uptime_days (
     device_id uuid NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
     day date NOT NULL,
     covered_seconds integer NOT NULL DEFAULT 0,
     PRIMARY KEY (device_id, day)
   )`,
  `CREATE TABLE notifications (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
     device_id uuid REFERENCES devices (id) ON DELETE SET NULL,
     kind text NOT NULL,
     severity text NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
     title text NOT NULL,
     message text NOT NULL,
     dedupe_key text UNIQUE,
     created_at timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE INDEX notifications_account_idx ON notifications (account_id, created_at DESC, id DESC)`,
  `CREATE INDEX notifications_device_idx ON notifications (device_id, created_at DESC, id DESC)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
