import { sql, type Kysely } from 'kysely';

// One statement per call: PGlite runs each as a prepared statement.
const statements = [
  `ALTER TABLE notification_rules ADD COLUMN params jsonb`,
  `ALTER TABLE notifications ADD COLUMN alert_event text`,
  `ALTER TABLE notifications ADD COLUMN alert_status text`,
  // One row per condition the evaluator watches on a device; kept a while after it clears, so
  // a condition that keeps coming back is recognised as flapping.
  `CREATE TABLE alert_episodes (
     device_id uuid NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
     event text NOT NULL,
     subject text NOT NULL DEFAULT '',
     account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
     state text NOT NULL,
     since timestamptz NOT NULL,
     notified_status text,
     fired_count integer NOT NULL DEFAULT 0,
     flap_window_start timestamptz,
     flapping boolean NOT NULL DEFAULT false,
     changed_at timestamptz NOT NULL,
     PRIMARY KEY (device_id, event, subject)
   )`,
  // Devices offline before this version had their offline alert sent at the transition: they
  // start as announced, so the upgrade sends no burst of old news and their return resolves.
  `INSERT INTO alert_episodes (device_id, event, account_id, state, since, notified_status, fired_count, changed_at)
   SELECT id, 'device.offline', account_id, 'firing', coalesce(last_seen_at, now()), 'firing', 1, now()
   FROM devices WHERE reported_status = 'offline' AND deleted_at IS NULL`,
  `CREATE INDEX audit_events_logins_idx ON audit_events (account_id, action) WHERE action IN ('login.succeeded', 'account.registered')`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
