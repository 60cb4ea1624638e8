import { sql, type Kysely } from 'kysely';

// One statement per call: PGlite runs each as a prepared statement.
const statements = [
  // Every GPU tag set ([gpu, uuid, model]) and service name a device has written: its InfluxDB
  // series, counted against its budget across writes.
  `ALTER TABLE devices ADD COLUMN gpu_tag_sets jsonb NOT NULL DEFAULT '[]'`,
  `ALTER TABLE devices ADD COLUMN service_names jsonb NOT NULL DEFAULT '[]'`,
  // Uptime is credited from the server's times of receipt, to the fraction of a second.
  `ALTER TABLE device_uptime_days ALTER COLUMN covered_seconds TYPE double precision`,
  // The reporting interval is now kept within 1–300 s (it bounds the uptime a write credits).
  `UPDATE devices SET interval_s = 300 WHERE interval_s > 300`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
